// SLA reply deadlines on virtual time (issue: SLA timers): warning, missed reply, reassignment,
// escalation, the canned-reply guard and auto-away. Each deadline is probed one millisecond
// before and at the exact millisecond it is due.
#include <gtest/gtest.h>

#include "tests/core/scenario.hpp"

namespace switchboard::testing {
namespace {

using Lines = std::vector<std::string>;

constexpr std::string_view kStrict = R"(
    sla_policies:
      - name: strict
        first_reply_ms: 10000
        next_reply_ms: 20000
        warn_at: 0.7
        reassign_on_miss: true
        max_reassignments: 1
        escalate_to_supervisor: true
        apology_template: apology
        quick_phrase_stops_clock: false
        repeated_reply_stops_clock: false
)";

constexpr std::string_view kTiers = R"(
    tiers:
      - name: vip
        priority: 100
        sla: strict
      - name: normal
        priority: 10
        sla: strict
)";

constexpr std::string_view kTemplates = R"(
    templates:
      apology: "Sorry for the wait, a colleague is taking over."
)";

std::string strict_shop(std::string_view extra = {}) {
    return shop_yaml(kStrict, kTiers, {}, std::string(kTemplates) + std::string(extra));
}

TEST(ReplyDeadline, WarnsAtSeventyPercentToTheMillisecond) {
    Scenario s(strict_shop());
    s.login("alice", {"returns"});
    s.message("c1", "normal", {"returns"});
    EXPECT_EQ(s.advance_to(6'999), Lines{});
    EXPECT_EQ(s.advance_to(7'000), Lines{"warn alice about c1 due 10000"});
}

TEST(ReplyDeadline, SilentAgentIsReassignedAtDeadline) {
    Scenario s(strict_shop());
    s.login("alice", {"returns"});
    s.login("bob", {"returns"});
    EXPECT_EQ(s.message("c1", "normal", {"returns"}), Lines{"assign c1 -> alice (new)"});
    s.advance_to(7'000);
    EXPECT_EQ(s.advance_to(9'999), Lines{});
    EXPECT_EQ(s.advance_to(10'000),
              (Lines{"unassign c1 from alice (missed_reply)", "assign c1 -> bob (missed_reply)"}));
    EXPECT_EQ(s.invariants(), "");
}

TEST(ReplyDeadline, CoarseTickStillActsAtTheDeadlineInOrder) {
    Scenario s(strict_shop());
    s.login("alice", {"returns"});
    s.login("bob", {"returns"});
    s.message("c1", "normal", {"returns"});
    // One big step over the warning, the miss and the new agent's warning.
    EXPECT_EQ(s.advance_to(17'000),
              (Lines{"warn alice about c1 due 10000", "unassign c1 from alice (missed_reply)",
                     "assign c1 -> bob (missed_reply)", "warn bob about c1 due 20000"}));
}

TEST(ReplyDeadline, MissedConversationNeverReturnsToTheAgentWhoMissedIt) {
    Scenario s(strict_shop());
    s.login("alice", {"returns"});
    s.message("c1", "normal", {"returns"});
    // Nobody else can take it: it waits at the head of the queue rather than going back.
    EXPECT_EQ(s.advance_to(10'000),
              (Lines{"warn alice about c1 due 10000", "unassign c1 from alice (missed_reply)",
                     "queue c1 #1"}));
    EXPECT_EQ(s.message("c2", "normal", {"returns"}), Lines{"assign c2 -> alice (new)"});
    EXPECT_EQ(s.login("bob", {"returns"}), Lines{"assign c1 -> bob (from_queue)"});
    EXPECT_EQ(s.invariants(), "");
}

TEST(ReplyDeadline, EscalatesWithApologyAfterMaxReassignments) {
    Scenario s(strict_shop());
    s.login("alice", {"returns"});
    s.login("bob", {"returns"});
    s.message("c1", "normal", {"returns"});
    s.advance_to(10'000);  // alice misses; bob gets it at 10000, FRT again 10 s
    EXPECT_EQ(s.advance_to(19'999), Lines{"warn bob about c1 due 20000"});
    EXPECT_EQ(s.advance_to(20'000), (Lines{"escalate c1 after 1 hops", "autoreply c1 apology"}));
    EXPECT_EQ(s.advance_to(100'000), Lines{});  // escalated: the supervisor has it now
}

TEST(ReplyDeadline, RealReplyStopsTheClockAndNextReplyUsesNrt) {
    Scenario s(strict_shop());
    s.login("alice", {"returns"});
    s.message("c1", "normal", {"returns"});
    s.at(5'000, core::AgentReply{"shop", "alice", "c1", false, 111});
    EXPECT_EQ(s.advance_to(60'000), Lines{});
    s.at(60'000, core::CustomerMessage{"shop", "c1", "cust-c1", "", {}});
    EXPECT_EQ(s.advance_to(73'999), Lines{});
    EXPECT_EQ(s.advance_to(74'000), Lines{"warn alice about c1 due 80000"});
}

TEST(ReplyDeadline, FollowUpMessagesKeepTheFirstDeadline) {
    Scenario s(strict_shop());
    s.login("alice", {"returns"});
    s.message("c1", "normal", {"returns"});
    s.at(3'000, core::CustomerMessage{"shop", "c1", "cust-c1", "", {}});
    s.at(6'000, core::CustomerMessage{"shop", "c1", "cust-c1", "", {}});
    EXPECT_EQ(s.advance_to(7'000), Lines{"warn alice about c1 due 10000"});
}

TEST(CannedReplyGuard, QuickPhraseDoesNotStopTheClock) {
    Scenario s(strict_shop());
    s.login("alice", {"returns"});
    s.message("c1", "normal", {"returns"});
    s.at(1'000, core::AgentReply{"shop", "alice", "c1", /*quick_phrase=*/true, 42});
    EXPECT_EQ(s.advance_to(7'000), Lines{"warn alice about c1 due 10000"});
    const auto* alice = s.shard().agent(*s.shard().find_agent("shop", "alice"));
    EXPECT_EQ(alice->canned_replies, 1u);
}

TEST(CannedReplyGuard, RepeatedIdenticalReplyDoesNotStopTheClock) {
    Scenario s(strict_shop());
    s.login("alice", {"returns"});
    s.message("c1", "normal", {"returns"});
    s.at(1'000, core::AgentReply{"shop", "alice", "c1", false, 42});  // real: stops FRT
    s.at(2'000, core::CustomerMessage{"shop", "c1", "cust-c1", "", {}});
    s.at(3'000, core::AgentReply{"shop", "alice", "c1", false, 42});  // same text again
    EXPECT_EQ(s.advance_to(15'999), Lines{});
    EXPECT_EQ(s.advance_to(16'000), Lines{"warn alice about c1 due 22000"});
}

TEST(CannedReplyGuard, QuickPhraseStopsTheClockWhenPolicyAllows) {
    std::string policies(kStrict);
    policies.replace(policies.find("quick_phrase_stops_clock: false"),
                     std::string_view("quick_phrase_stops_clock: false").size(),
                     "quick_phrase_stops_clock: true");
    Scenario s(shop_yaml(policies, kTiers, {}, kTemplates));
    s.login("alice", {"returns"});
    s.message("c1", "normal", {"returns"});
    s.at(1'000, core::AgentReply{"shop", "alice", "c1", true, 42});
    EXPECT_EQ(s.advance_to(60'000), Lines{});
}

constexpr std::string_view kAutoAway = R"(
    auto_away:
      max_misses: 2
      window_ms: 60000
      cooldown_ms: 30000
)";

TEST(AutoAway, AgentMissingTwiceInTheWindowGoesAwayAndLosesOpenWork) {
    Scenario s(strict_shop(kAutoAway));
    s.login("alice", {"returns"}, 3);
    s.message("c1", "normal", {"returns"});
    s.at(1'000, core::CustomerMessage{"shop", "c2", "x", "normal", {"returns"}});
    s.at(2'000, core::CustomerMessage{"shop", "c3", "y", "normal", {"returns"}});
    s.at(2'500, core::AgentReply{"shop", "alice", "c3", false, 1});
    s.login("bob", {"returns"}, 3);
    EXPECT_EQ(s.advance_to(10'000),
              (Lines{"warn alice about c1 due 10000", "warn alice about c2 due 11000",
                     "unassign c1 from alice (missed_reply)", "assign c1 -> bob (missed_reply)"}));
    EXPECT_EQ(s.advance_to(11'000),
              (Lines{"unassign c2 from alice (missed_reply)", "assign c2 -> bob (missed_reply)",
                     "auto_away alice after 2 misses", "unassign c3 from alice (auto_away)",
                     "assign c3 -> bob (requeued)"}));
    EXPECT_EQ(s.message("c4", "normal", {"returns"}), Lines{"queue c4 #1"});
    EXPECT_EQ(s.invariants(), "");
}

TEST(AutoAway, CooldownBringsTheAgentBack) {
    Scenario s(strict_shop(kAutoAway));
    s.login("alice", {"returns"}, 3);
    s.message("c1", "normal", {"returns"});
    s.message("c2", "normal", {"returns"});
    s.advance_to(10'000);  // two misses at 10000: auto-away, cool-down until 40000
    s.at(20'000, core::CustomerMessage{"shop", "c3", "z", "normal", {"returns"}});
    EXPECT_EQ(s.advance_to(39'999), Lines{});
    EXPECT_EQ(s.advance_to(40'000), (Lines{"restore alice", "assign c3 -> alice (from_queue)"}));
}

TEST(AutoAway, OwnStatusChangeEndsAutoAway) {
    Scenario s(strict_shop(kAutoAway));
    s.login("alice", {"returns"}, 3);
    s.message("c1", "normal", {"returns"});
    s.message("c2", "normal", {"returns"});
    s.advance_to(10'000);
    EXPECT_EQ(s.at(12'000, core::AgentStatusChange{"shop", "alice", core::Presence::kAvailable}),
              (Lines{"restore alice"}));
    EXPECT_EQ(s.advance_to(50'000), Lines{});  // the cool-down timer was cancelled
}

}  // namespace
}  // namespace switchboard::testing
