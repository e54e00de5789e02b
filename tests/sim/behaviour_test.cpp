// The customer and agent models through the router: patience and abandonment, silent agents
// found out by the reply deadlines, breaks and shifts taking agents offline.
#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "engine/sim/simulator.hpp"

#include "tests/sim/sim_test_support.hpp"

namespace switchboard::sim {
namespace {

using testing::run_checked;

std::string agents_yaml(int count, std::string_view extra = {}) {
    return "  - name: a\n    count: " + std::to_string(count) +
           "\n    skills: {chat: 5}\n    capacity: 5\n"
           "    reply_time: {distribution: fixed, value_ms: 3000}\n" +
           std::string(extra);
}

std::shared_ptr<const config::Snapshot> shop(std::string_view sla) {
    return testing::router_config_text(testing::small_shop_yaml(sla));
}

TEST(Patience, NobodyOnlineMeansEveryCustomerLeaves) {
    // The only agent's shift starts after the arrivals end.
    const std::string agents = agents_yaml(1, "    shift: {start_ms: 7200000}\n");
    const auto scenario = testing::scenario_text(testing::small_scenario_yaml(
        60, 1, agents, "  patience: {distribution: fixed, value_ms: 20000}\n"));
    const SimResult r = run_checked(shop("first_reply_ms: 0"), scenario);
    ASSERT_GT(r.conversations, 20u);
    EXPECT_EQ(r.abandoned, r.conversations);
    EXPECT_EQ(r.answered, 0u);
    EXPECT_EQ(r.open_at_end, 0u);
    std::uint64_t in_timeline = 0;
    for (const TimelineBucket& b : r.timeline) in_timeline += b.abandoned;
    EXPECT_EQ(in_timeline, r.abandoned);
}

TEST(Patience, ImpatientCustomersLeaveASlowAgentAndPatientOnesDoNot) {
    // One agent answering after 3 s, customers who wait 1 s: every one leaves first.
    const auto impatient = testing::scenario_text(testing::small_scenario_yaml(
        30, 2, agents_yaml(1), "  patience: {distribution: fixed, value_ms: 1000}\n"));
    const SimResult gone = run_checked(shop("first_reply_ms: 0"), impatient);
    EXPECT_EQ(gone.abandoned, gone.conversations);
    const auto patient = testing::scenario_text(
        testing::small_scenario_yaml(30, 2, agents_yaml(1), "  patience: none\n"));
    const SimResult stayed = run_checked(shop("first_reply_ms: 0"), patient);
    EXPECT_EQ(stayed.abandoned, 0u);
    EXPECT_EQ(stayed.answered, stayed.conversations);
}

TEST(Patience, ExponentialPatienceLosesTheExpectedShare) {
    // Reply after exactly 3 s, patience exponential with mean 3 s: P(leave) = 1 - e^-1.
    const auto scenario = testing::scenario_text(testing::small_scenario_yaml(
        600, 10, agents_yaml(3), "  patience: {distribution: exponential, mean_ms: 3000}\n"));
    const SimResult r = run_checked(shop("first_reply_ms: 0"), scenario);
    const double share = static_cast<double>(r.abandoned) / static_cast<double>(r.conversations);
    const double expected = 1.0 - std::exp(-1.0);
    const double sd = std::sqrt(expected * (1 - expected) / static_cast<double>(r.conversations));
    EXPECT_NEAR(share, expected, 4 * sd + 0.002) << r.conversations << " conversations";
}

TEST(SilentAgents, AreFoundOutAndTheirConversationsReassigned) {
    const std::string sla =
        "first_reply_ms: 10000\n        reassign_on_miss: true\n        max_reassignments: 2";
    const auto scenario = testing::scenario_text(
        testing::small_scenario_yaml(120, 4, agents_yaml(4, "    silent_share: 0.5\n")));
    const SimResult r = run_checked(shop(sla), scenario);
    EXPECT_GT(r.reassignments, 0u);
    EXPECT_EQ(r.answered, r.conversations);  // the two who answer get every one in the end
    int silent = 0;
    for (const AgentKpis& a : r.agents_kpis) {
        if (a.silent) {
            ++silent;
            EXPECT_EQ(a.replies, 0u) << a.agent;
            EXPECT_GT(a.missed_replies, 0u) << a.agent;
        } else {
            EXPECT_EQ(a.missed_replies, 0u) << a.agent;  // 3 s replies never miss 10 s
        }
    }
    EXPECT_EQ(silent, 2);
    EXPECT_LT(r.occupancy_max, 1.0);
}

TEST(SilentAgents, WithoutReassignmentTheirCustomersGiveUp) {
    const auto scenario = testing::scenario_text(
        testing::small_scenario_yaml(120, 4, agents_yaml(4, "    silent_share: 0.5\n"),
                                     "  patience: {distribution: fixed, value_ms: 60000}\n"));
    const SimResult r = run_checked(shop("first_reply_ms: 10000"), scenario);
    EXPECT_EQ(r.reassignments, 0u);
    EXPECT_GT(r.abandoned, 0u);
    EXPECT_EQ(r.answered + r.abandoned, r.conversations);
}

TEST(Shifts, AgentsAreOnlineOnlyDuringTheirShift) {
    const std::string agents = agents_yaml(2, "    shift: {start_ms: 3600000, end_ms: 7200000}\n");
    const auto scenario = testing::scenario_text(testing::small_scenario_yaml(30, 3, agents));
    const SimResult r = run_checked(shop("first_reply_ms: 0"), scenario);
    ASSERT_EQ(r.bucket_ms, 60'000);
    for (const TimelineBucket& b : r.timeline) {
        const bool in_shift = b.start_ms >= 3'600'000 && b.start_ms < 7'200'000;
        EXPECT_EQ(b.agents_online, in_shift ? 2u : 0u) << "bucket at " << b.start_ms;
        if (b.start_ms < 3'600'000 - r.bucket_ms) {
            EXPECT_EQ(b.first_replies, 0u);
        }
    }
    for (const AgentKpis& a : r.agents_kpis) {
        // Logged in for the hour, plus at most the 4 s a last chat takes to finish.
        EXPECT_GE(a.logged_in_ms, 3'600'000) << a.agent;
        EXPECT_LE(a.logged_in_ms, 3'604'000) << a.agent;
    }
}

TEST(Breaks, TakeAgentsOfflineForTheirLength) {
    // One agent, a 10 min break every 30 min, the first at 15 min (not staggered: mid-interval).
    const std::string agents =
        agents_yaml(1, "    breaks: {every_ms: 1800000, length_ms: 600000, staggered: false}\n");
    const auto scenario = testing::scenario_text(testing::small_scenario_yaml(30, 2, agents));
    const SimResult r = run_checked(shop("first_reply_ms: 0"), scenario);
    for (const TimelineBucket& b : r.timeline) {
        if (b.start_ms >= 2 * 3'600'000) break;
        const std::int64_t in_cycle = b.start_ms % 1'800'000;
        const bool on_break = in_cycle >= 900'000 && in_cycle < 1'500'000;
        EXPECT_EQ(b.agents_online, on_break ? 0u : 1u) << "bucket at " << b.start_ms;
    }
    EXPECT_GE(r.agents_kpis.at(0).logged_in_ms, 2 * 3'600'000);  // away, not logged out
}

}  // namespace
}  // namespace switchboard::sim
