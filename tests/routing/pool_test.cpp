#include "engine/routing/pool.hpp"

#include <vector>

#include <gtest/gtest.h>

namespace switchboard::routing {
namespace {

model::Agent agent_with(std::uint32_t load, std::uint32_t capacity, std::uint64_t seq) {
    model::Agent a;
    a.skills.set(0);
    a.proficiency[0] = 5;
    a.capacity = capacity;
    a.load = load;
    a.last_assign_seq = seq;
    return a;
}

PoolFilter returns_filter() {
    PoolFilter f;
    f.skills.set(0);
    return f;
}

TEST(Pool, LeastLoadedPicksLowestLoadRatio) {
    Pool pool(returns_filter(), model::Strategy::kLeastLoaded);
    std::vector<model::Agent> agents{agent_with(2, 4, 1), agent_with(1, 4, 2), agent_with(1, 2, 3)};
    for (AgentIndex i = 0; i < agents.size(); ++i) pool.refresh(pool.add(i), agents[i]);
    EXPECT_EQ(pool.best({}), AgentIndex{1});
}

TEST(Pool, FullOrAwayAgentsAreNotReady) {
    Pool pool(returns_filter(), model::Strategy::kLeastLoaded);
    model::Agent full = agent_with(2, 2, 1);
    model::Agent away = agent_with(0, 2, 2);
    away.status = model::AgentStatus::kAway;
    pool.refresh(pool.add(0), full);
    pool.refresh(pool.add(1), away);
    EXPECT_EQ(pool.ready_count(), 0u);
    EXPECT_FALSE(pool.best({}).has_value());
    EXPECT_EQ(pool.member_count(), 2u);
}

TEST(Pool, BestSkipsExcludedAgents) {
    Pool pool(returns_filter(), model::Strategy::kRoundRobin);
    std::vector<model::Agent> agents{agent_with(0, 2, 1), agent_with(0, 2, 2), agent_with(0, 2, 3)};
    for (AgentIndex i = 0; i < agents.size(); ++i) pool.refresh(pool.add(i), agents[i]);
    const std::vector<AgentIndex> excluded{0, 1};
    EXPECT_EQ(pool.best(excluded), AgentIndex{2});
    const std::vector<AgentIndex> all{0, 1, 2};
    EXPECT_FALSE(pool.best(all).has_value());
}

TEST(Pool, AdmitsOnlyAgentsWithSkillsAndGroup) {
    PoolFilter f = returns_filter();
    f.everyone = false;
    f.groups.set(1);
    const Pool pool(f, model::Strategy::kLeastLoaded);
    model::Agent senior = agent_with(0, 2, 0);
    senior.groups.set(1);
    model::Agent junior = agent_with(0, 2, 0);
    model::Agent unskilled;
    unskilled.groups.set(1);
    EXPECT_TRUE(pool.admits(senior));
    EXPECT_FALSE(pool.admits(junior));
    EXPECT_FALSE(pool.admits(unskilled));
}

TEST(StrategyKey, MostProficientRanksByWeakestRequiredSkill) {
    model::SkillSet needs;
    needs.set(0);
    needs.set(1);
    model::Agent strong_weak = agent_with(0, 2, 0);
    strong_weak.skills.set(1);
    strong_weak.proficiency = {};
    strong_weak.proficiency[0] = 10;
    strong_weak.proficiency[1] = 2;
    model::Agent even = strong_weak;
    even.proficiency[0] = 6;
    even.proficiency[1] = 6;
    EXPECT_LT(strategy_key(model::Strategy::kMostProficient, needs, even),
              strategy_key(model::Strategy::kMostProficient, needs, strong_weak));
}

}  // namespace
}  // namespace switchboard::routing
