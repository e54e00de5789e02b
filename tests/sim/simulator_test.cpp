// The simulator as a whole: reproducible runs, and figures checked against cases small enough
// to work out by hand.
#include "engine/sim/simulator.hpp"

#include <gtest/gtest.h>

#include "engine/sim/kpi_recorder.hpp"

#include "tests/sim/sim_test_support.hpp"

namespace switchboard::sim {
namespace {

using testing::run_checked;

constexpr std::string_view kFastAgent = R"(  - name: fast
    count: 1
    skills: {chat: 5}
    capacity: 5
    reply_time: {distribution: fixed, value_ms: 3000}
)";

TEST(Percentiles, AreNearestRankOfTheSamples) {
    std::vector<std::int64_t> five = {50, 10, 40, 20, 30};
    const Distribution d = distribution_of(five);
    EXPECT_EQ(d.count, 5u);
    EXPECT_DOUBLE_EQ(d.mean_ms, 30);
    EXPECT_DOUBLE_EQ(d.p50_ms, 30);  // rank ceil(0.5 x 5) = 3
    EXPECT_DOUBLE_EQ(d.p90_ms, 50);  // rank ceil(4.5) = 5
    EXPECT_DOUBLE_EQ(d.p99_ms, 50);
    EXPECT_DOUBLE_EQ(d.max_ms, 50);
    std::vector<std::int64_t> hundred;
    for (int i = 100; i >= 1; --i) hundred.push_back(i);
    const Distribution h = distribution_of(hundred);
    EXPECT_DOUBLE_EQ(h.p50_ms, 50);
    EXPECT_DOUBLE_EQ(h.p90_ms, 90);
    EXPECT_DOUBLE_EQ(h.p99_ms, 99);
    EXPECT_DOUBLE_EQ(h.mean_ms, 50.5);
    std::vector<std::int64_t> none;
    EXPECT_EQ(distribution_of(none).count, 0u);
}

TEST(TimelineBuckets, CutADayIntoAtMost288) {
    EXPECT_EQ(timeline_bucket_ms(86'400'000), 300'000);  // 288 x 5 min
    EXPECT_EQ(timeline_bucket_ms(3'600'000), 60'000);
    EXPECT_EQ(timeline_bucket_ms(60'000), 10'000);
    EXPECT_LE(31 * 86'400'000LL / timeline_bucket_ms(31 * 86'400'000LL), 288);
}

TEST(Simulator, SameSeedGivesTheSameResult) {
    const auto config = testing::router_config_file("config/default.yaml");
    ScenarioSpec scenario = testing::scenario_file("config/sim/business-day.yaml");
    scenario.duration_ms = 4 * 3'600'000;  // 00:00-04:00: the night crew, breaks, silent agents
    const std::string first = testing::fingerprint(run_checked(config, scenario));
    const std::string second = testing::fingerprint(run_checked(config, scenario));
    EXPECT_EQ(first, second);
    scenario.seed += 1;
    EXPECT_NE(testing::fingerprint(run_checked(config, scenario)), first);
}

TEST(Simulator, EveryFirstReplyTakesTheReplyTimeWhenNobodyWaits) {
    const auto config =
        testing::router_config_text(testing::small_shop_yaml("first_reply_ms: 10000"));
    const auto scenario = testing::scenario_text(testing::small_scenario_yaml(30, 10, kFastAgent));
    const SimResult r = run_checked(config, scenario);
    ASSERT_GT(r.conversations, 200u);
    EXPECT_EQ(r.answered, r.conversations);
    EXPECT_EQ(r.first_reply.count, r.conversations);
    EXPECT_DOUBLE_EQ(r.first_reply.p50_ms, 3000);
    EXPECT_DOUBLE_EQ(r.first_reply.p99_ms, 3000);
    EXPECT_DOUBLE_EQ(r.first_reply.max_ms, 3000);
    EXPECT_DOUBLE_EQ(r.queue_wait.max_ms, 0);
    for (const TierKpis& t : r.tiers) {
        if (t.answered > 0) {
            EXPECT_DOUBLE_EQ(t.first_reply_within_target, 1.0) << t.tier;
        }
    }
    EXPECT_EQ(r.tiers.at(1).conversations, r.conversations);  // no mix: the default tier
}

TEST(Simulator, MissedFirstRepliesAddTheDeadlineToTheReplyTime) {
    // A silent agent and a fast one; no traffic overlaps matter at 6 an hour. A conversation
    // the silent agent gets first waits out the 10 s deadline, moves, and is answered 3 s
    // later: its FRT is exactly 13 s; every other FRT is exactly 3 s.
    const auto config = testing::router_config_text(
        testing::small_shop_yaml("first_reply_ms: 10000\n        reassign_on_miss: true\n"
                                 "        max_reassignments: 2"));
    const std::string agents = std::string(kFastAgent) + R"(  - name: quiet
    count: 1
    skills: {chat: 5}
    capacity: 5
    silent_share: 1
)";
    const auto scenario = testing::scenario_text(testing::small_scenario_yaml(6, 20, agents));
    const SimResult r = run_checked(config, scenario);
    ASSERT_GT(r.conversations, 50u);
    EXPECT_EQ(r.answered, r.conversations);
    EXPECT_GT(r.reassignments, 0u);
    EXPECT_DOUBLE_EQ(r.first_reply.max_ms, 13000);
    const TierKpis& normal = r.tiers.at(1);
    const double late = (1.0 - normal.first_reply_within_target) * normal.answered;
    EXPECT_NEAR(late, static_cast<double>(r.reassignments), 1e-9);
    // Mean = (3 s x on-time + 13 s x late) / all.
    const double expected_mean =
        (3000.0 * (normal.answered - late) + 13000.0 * late) / normal.answered;
    EXPECT_NEAR(r.first_reply.mean_ms, expected_mean, 1e-6);
    EXPECT_TRUE(r.agents_kpis.at(1).silent);
    EXPECT_EQ(r.agents_kpis.at(1).replies, 0u);
    EXPECT_EQ(r.agents_kpis.at(1).missed_replies, r.reassignments);
}

TEST(Simulator, ReportsScenarioSeedAndConfig) {
    const auto config = testing::router_config_text(testing::small_shop_yaml("first_reply_ms: 0"));
    ScenarioSpec scenario = testing::scenario_text(testing::small_scenario_yaml(10, 1, kFastAgent));
    scenario.seed = 99;
    const SimResult r = run_checked(config, scenario);
    EXPECT_EQ(r.scenario, "small");
    EXPECT_EQ(r.seed, 99u);
    EXPECT_EQ(r.config_source, "test.yaml");
    EXPECT_EQ(r.agents, 1u);
    EXPECT_EQ(r.bucket_ms, 60'000);  // 1 h: 10 s buckets would be 360, over the 288 bound
    EXPECT_GE(r.simulated_ms, 3'600'000);
    EXPECT_GT(r.events_applied, r.conversations);
}

TEST(Simulator, ScenarioThatDoesNotFitTheConfigIsAnError) {
    const auto config = testing::router_config_text(testing::small_shop_yaml("first_reply_ms: 0"));
    ScenarioSpec scenario = testing::scenario_text(testing::small_scenario_yaml(10, 1, kFastAgent));
    scenario.tenant = "elsewhere";
    const auto r = simulate(config, scenario);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, base::ErrorCode::kInvalidArgument);
    EXPECT_NE(r.error().message.find("tenant 'elsewhere' is not in test.yaml"), std::string::npos)
        << r.error().message;
}

}  // namespace
}  // namespace switchboard::sim
