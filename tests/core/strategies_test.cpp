// The per-queue assignment strategies, sticky routing, transfers and the decision trace.
#include <gtest/gtest.h>

#include "tests/core/scenario.hpp"

namespace switchboard::testing {
namespace {

using Lines = std::vector<std::string>;

std::string one_queue(std::string_view strategy_lines) {
    std::string queues = R"(
    queues:
      - name: returns
        skills: [returns]
)";
    queues += strategy_lines;
    return shop_yaml({}, {}, queues);
}

std::string sticky_queue(std::string_view fallback) {
    return one_queue("        strategy: sticky\n        fallback: " + std::string(fallback) +
                     "\n        sticky_window_ms: 60000\n");
}

TEST(Strategies, RoundRobinRotatesRegardlessOfLoad) {
    Scenario s(one_queue("        strategy: round_robin\n"));
    s.login("alice", {"returns"}, 10);
    s.login("bob", {"returns"}, 10);
    s.login("carol", {"returns"}, 10);
    EXPECT_EQ(s.message("c1", "normal", {"returns"}), Lines{"assign c1 -> alice (new)"});
    EXPECT_EQ(s.message("c2", "normal", {"returns"}), Lines{"assign c2 -> bob (new)"});
    EXPECT_EQ(s.message("c3", "normal", {"returns"}), Lines{"assign c3 -> carol (new)"});
    s.close("c2");
    s.close("c3");
    // alice still holds c1 but is next in the rotation.
    EXPECT_EQ(s.message("c4", "normal", {"returns"}), Lines{"assign c4 -> alice (new)"});
}

TEST(Strategies, LongestIdleTakesTheAgentWaitingLongest) {
    Scenario s(one_queue("        strategy: longest_idle\n"));
    s.at(0, core::AgentLogin{"shop", "alice", {{"returns", 5}}, {}, 5});
    s.at(10, core::AgentLogin{"shop", "bob", {{"returns", 5}}, {}, 5});
    EXPECT_EQ(s.at(20, core::CustomerMessage{"shop", "c1", "x", "normal", {"returns"}}),
              Lines{"assign c1 -> alice (new)"});
    EXPECT_EQ(s.at(30, core::CustomerMessage{"shop", "c2", "y", "normal", {"returns"}}),
              Lines{"assign c2 -> bob (new)"});
    // Coming back from a break restarts the idle clock: bob has now waited longest.
    s.at(40, core::AgentStatusChange{"shop", "alice", core::Presence::kAway});
    s.at(50, core::AgentStatusChange{"shop", "alice", core::Presence::kAvailable});
    EXPECT_EQ(s.at(60, core::CustomerMessage{"shop", "c3", "z", "normal", {"returns"}}),
              Lines{"assign c3 -> bob (new)"});
}

TEST(Strategies, MostProficientPrefersTheExpert) {
    Scenario s(one_queue("        strategy: most_proficient\n"));
    s.send(core::AgentLogin{"shop", "novice", {{"returns", 2}}, {}, 5});
    s.send(core::AgentLogin{"shop", "expert", {{"returns", 9}}, {}, 5});
    EXPECT_EQ(s.message("c1", "normal", {"returns"}), Lines{"assign c1 -> expert (new)"});
    EXPECT_EQ(s.message("c2", "normal", {"returns"}), Lines{"assign c2 -> expert (new)"});
}

TEST(Strategies, MostProficientFallsToNextWhenExpertIsFull) {
    Scenario s(one_queue("        strategy: most_proficient\n"));
    s.send(core::AgentLogin{"shop", "novice", {{"returns", 2}}, {}, 5});
    s.send(core::AgentLogin{"shop", "expert", {{"returns", 9}}, {}, 1});
    s.message("c1", "normal", {"returns"});
    EXPECT_EQ(s.message("c2", "normal", {"returns"}), Lines{"assign c2 -> novice (new)"});
}

TEST(Strategies, StickyReturnsCustomerToTheirLastAgentWithinWindow) {
    Scenario s(sticky_queue("least_loaded"));
    s.login("alice", {"returns"}, 5);
    s.login("bob", {"returns"}, 5);
    EXPECT_EQ(s.message("c1", "normal", {"returns"}, "mei"), Lines{"assign c1 -> alice (new)"});
    s.close("c1");
    s.message("c2", "normal", {"returns"}, "other");  // bob, by least-loaded order
    EXPECT_EQ(s.at(30'000, core::CustomerMessage{"shop", "c3", "mei", "normal", {"returns"}}),
              Lines{"assign c3 -> alice (new)"});
    const auto trace = s.shard().explain(*s.shard().find_conversation("shop", "c3"), 10);
    ASSERT_TRUE(trace.has_value());
    EXPECT_TRUE(trace->trace.sticky_hit);
}

TEST(Strategies, StickyFallsBackAfterTheWindow) {
    Scenario s(sticky_queue("round_robin"));
    s.login("alice", {"returns"}, 5);
    s.login("bob", {"returns"}, 5);
    s.message("c1", "normal", {"returns"}, "mei");  // alice
    s.close("c1");
    EXPECT_EQ(s.at(60'001, core::CustomerMessage{"shop", "c2", "mei", "normal", {"returns"}}),
              Lines{"assign c2 -> bob (new)"});
}

TEST(Strategies, StickyFallsBackWhenTheAgentIsFull) {
    Scenario s(sticky_queue("least_loaded"));
    s.login("alice", {"returns"}, 1);
    s.login("bob", {"returns"}, 1);
    s.message("c1", "normal", {"returns"}, "mei");  // alice
    s.message("c2", "normal", {"returns"}, "mei");  // alice is full: bob
    s.close("c2");
    EXPECT_EQ(s.message("c3", "normal", {"returns"}, "mei"), Lines{"assign c3 -> bob (new)"});
}

TEST(Transfers, ToSkillsMovesToTheOtherQueueAndNeverBackToTheSender) {
    Scenario s(shop_yaml());
    s.login("alice", {"returns", "complaints"}, 5);
    s.login("bob", {"complaints"}, 5);
    s.message("c1", "normal", {"returns"});
    EXPECT_EQ(s.send(core::Transfer{"shop", "c1", "alice", {"complaints"}, ""}),
              (Lines{"unassign c1 from alice (transfer)", "assign c1 -> bob (transfer)"}));
    EXPECT_EQ(s.invariants(), "");
}

TEST(Transfers, ToNamedAgentAssignsDirectly) {
    Scenario s(shop_yaml());
    s.login("alice", {"returns"}, 5);
    s.login("bob", {"returns"}, 5);
    s.message("c1", "normal", {"returns"});
    EXPECT_EQ(s.send(core::Transfer{"shop", "c1", "", {}, "bob"}),
              (Lines{"unassign c1 from alice (transfer)", "assign c1 -> bob (transfer)"}));
}

TEST(Transfers, ToAwayAgentIsRejectedAndChangesNothing) {
    Scenario s(shop_yaml());
    s.login("alice", {"returns"}, 5);
    s.login("bob", {"returns"}, 5);
    s.message("c1", "normal", {"returns"});
    s.away("bob");
    EXPECT_EQ(s.send(core::Transfer{"shop", "c1", "alice", {}, "bob"}),
              Lines{"reject transfer target_unavailable"});
    const auto* conv = s.shard().conversation(*s.shard().find_conversation("shop", "c1"));
    EXPECT_EQ(s.shard().agent_name(conv->agent), "alice");
}

TEST(DecisionTrace, ExplainsWhyOtherAgentsWereSkipped) {
    Scenario s(shop_yaml());
    s.login("alice", {"returns"}, 1);
    s.login("bob", {"presales"}, 1);
    s.login("carol", {"returns"}, 1);
    s.login("dave", {"returns"}, 1);
    s.away("carol");
    s.message("c0", "normal", {"returns"});  // alice: now full
    s.message("c1", "normal", {"returns"});  // dave
    const auto ex = s.shard().explain(*s.shard().find_conversation("shop", "c1"), 10);
    ASSERT_TRUE(ex.has_value());
    EXPECT_EQ(ex->trace.strategy, model::Strategy::kLeastLoaded);
    EXPECT_EQ(ex->trace.ready_in_pool, 1u);
    std::vector<std::string> verdicts;
    for (const auto& c : ex->candidates) {
        verdicts.push_back(std::string(s.shard().agent_name(c.agent)) + ":" +
                           std::string(core::to_string(c.verdict)));
    }
    EXPECT_EQ(verdicts, (Lines{"alice:full", "bob:lacks_skill", "carol:away", "dave:chosen"}));
}

}  // namespace
}  // namespace switchboard::testing
