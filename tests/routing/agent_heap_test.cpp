#include "engine/routing/agent_heap.hpp"

#include <cstdint>
#include <map>
#include <random>
#include <utility>

#include <gtest/gtest.h>

namespace switchboard::routing {
namespace {

TEST(AgentHeap, TopIsTheSmallestKey) {
    AgentHeap heap;
    heap.upsert(0, 50);
    heap.upsert(1, 10);
    heap.upsert(2, 30);
    EXPECT_EQ(heap.top(), 1u);
}

TEST(AgentHeap, EqualKeysBreakTiesByMemberId) {
    AgentHeap heap;
    heap.upsert(7, 5);
    heap.upsert(3, 5);
    EXPECT_EQ(heap.top(), 3u);
}

TEST(AgentHeap, UpdateMovesTheMemberBothWays) {
    AgentHeap heap;
    for (MemberId m = 0; m < 10; ++m) heap.upsert(m, 100 + m);
    heap.upsert(9, 1);
    EXPECT_EQ(heap.top(), 9u);
    heap.upsert(9, 1000);
    EXPECT_EQ(heap.top(), 0u);
    EXPECT_TRUE(heap.valid());
}

TEST(AgentHeap, BestWhereNotSkipsExcludedMembersInOrder) {
    AgentHeap heap;
    for (MemberId m = 0; m < 20; ++m) heap.upsert(m, 1000 - m);  // 19 is best
    const auto skip = [](MemberId m) { return m == 19 || m == 18; };
    EXPECT_EQ(heap.best_where_not(skip, 3), 17u);
    EXPECT_EQ(heap.best_where_not(skip, 2), AgentHeap::kAbsent);  // bound reached
}

TEST(AgentHeap, MatchesAnOrderedMapUnderRandomOperations) {
    const std::uint64_t seed = 20261125;
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937_64 rng(seed);
    AgentHeap heap;
    std::map<MemberId, std::uint64_t> model;
    for (int step = 0; step < 20000; ++step) {
        const MemberId m = static_cast<MemberId>(rng() % 64);
        if (rng() % 3 == 0) {
            heap.erase(m);
            model.erase(m);
        } else {
            const std::uint64_t key = rng() % 100;
            heap.upsert(m, key);
            model[m] = key;
        }
        ASSERT_EQ(heap.size(), model.size());
        if (model.empty()) continue;
        std::pair<std::uint64_t, MemberId> best{UINT64_MAX, 0};
        for (const auto& [member, key] : model) best = std::min(best, std::make_pair(key, member));
        ASSERT_EQ(heap.top(), best.second) << "step " << step;
    }
    EXPECT_TRUE(heap.valid());
}

}  // namespace
}  // namespace switchboard::routing
