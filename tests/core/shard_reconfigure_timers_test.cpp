// Timers across a live reload (Shard::reconfigure): a running reply clock keeps its deadline and
// the next one uses the new SLA; queue and idle timers follow changed tiers and queues at once.
// Each deadline is probed one millisecond before and at the exact millisecond it is due.
#include <gtest/gtest.h>

#include "tests/core/reconfigure_support.hpp"
#include "tests/core/scenario.hpp"

namespace switchboard::testing {
namespace {

using Lines = std::vector<std::string>;

std::string policy(std::int64_t first_ms, std::int64_t next_ms, bool reassign) {
    return "\n    sla_policies:\n      - name: relaxed\n        first_reply_ms: " +
           std::to_string(first_ms) + "\n        next_reply_ms: " + std::to_string(next_ms) +
           "\n        warn_at: 0.7\n        reassign_on_miss: " + (reassign ? "true" : "false") +
           "\n        max_reassignments: 3\n";
}

TEST(ReconfigureTimers, RunningReplyClockKeepsItsDeadlineAndTheNextUsesTheNewSla) {
    Scenario s(shop_yaml(policy(10'000, 20'000, false)));
    s.login("alice", {"returns"});
    s.message("c1", "normal", {"returns"});
    s.advance_to(1'000);
    EXPECT_EQ(reload(s, shop_yaml(policy(4'000, 5'000, false))), Lines{});
    EXPECT_EQ(s.advance_to(6'999), Lines{});
    EXPECT_EQ(s.advance_to(7'000), Lines{"warn alice about c1 due 10000"});
    s.at(8'000, core::AgentReply{"shop", "alice", "c1", false, 1});
    s.at(9'000, core::CustomerMessage{"shop", "c1", "cust-c1", "", {}});
    EXPECT_EQ(s.advance_to(12'499), Lines{});
    EXPECT_EQ(s.advance_to(12'500), Lines{"warn alice about c1 due 14000"});
    EXPECT_EQ(s.invariants(), "");
}

TEST(ReconfigureTimers, MissAtTheOldDeadlineFollowsTheNewPolicy) {
    Scenario s(shop_yaml(policy(10'000, 20'000, false)));
    s.login("alice", {"returns"});
    s.login("bob", {"returns"});
    s.message("c1", "normal", {"returns"});  // alice
    s.advance_to(1'000);
    EXPECT_EQ(reload(s, shop_yaml(policy(10'000, 20'000, true))), Lines{});
    s.advance_to(7'000);
    EXPECT_EQ(s.advance_to(9'999), Lines{});
    EXPECT_EQ(s.advance_to(10'000),
              (Lines{"unassign c1 from alice (missed_reply)", "assign c1 -> bob (missed_reply)"}));
    EXPECT_EQ(s.invariants(), "");
}

std::string waiting_tiers(std::int64_t max_wait_ms, std::int64_t position_ms,
                          std::int64_t everyone_after_ms) {
    return "\n    tiers:\n      - name: vip\n        priority: 100\n        sla: relaxed\n"
           "        ladder:\n          - groups: [vip_team]\n          - after_ms: " +
           std::to_string(everyone_after_ms) +
           "\n      - name: normal\n        priority: 10\n        sla: relaxed\n"
           "        max_wait_ms: " +
           std::to_string(max_wait_ms) +
           "\n        overflow: leave_message\n        position_updates_ms: " +
           std::to_string(position_ms) + "\n";
}

TEST(ReconfigureTimers, ShorterMaxWaitOverflowsAnOverdueConversationAtOnce) {
    Scenario s(shop_yaml({}, waiting_tiers(60'000, 0, 60'000)));
    s.message("c1", "normal", {"returns"});
    s.advance_to(30'000);
    EXPECT_EQ(reload(s, shop_yaml({}, waiting_tiers(20'000, 0, 60'000))),
              (Lines{"overflow c1 leave_message", "close c1 (overflow)"}));
    EXPECT_EQ(s.shard().conversation_count(), 0u);
}

TEST(ReconfigureTimers, LongerMaxWaitPostponesTheOverflow) {
    Scenario s(shop_yaml({}, waiting_tiers(60'000, 0, 60'000)));
    s.message("c1", "normal", {"returns"});
    s.advance_to(30'000);
    EXPECT_EQ(reload(s, shop_yaml({}, waiting_tiers(120'000, 0, 60'000))), Lines{});
    EXPECT_EQ(s.advance_to(119'999), Lines{});
    EXPECT_EQ(s.advance_to(120'000), (Lines{"overflow c1 leave_message", "close c1 (overflow)"}));
}

TEST(ReconfigureTimers, EarlierLadderStepAssignsAnOverdueConversationAtOnce) {
    Scenario s(shop_yaml({}, waiting_tiers(0, 0, 60'000)));
    s.login("nick", {"returns"}, 1);
    EXPECT_EQ(s.message("c1", "vip", {"returns"}), Lines{"queue c1 #1"});
    s.advance_to(30'000);
    EXPECT_EQ(reload(s, shop_yaml({}, waiting_tiers(0, 0, 20'000))),
              Lines{"assign c1 -> nick (from_queue)"});
    EXPECT_EQ(s.invariants(), "");
}

TEST(ReconfigureTimers, LaterLadderStepWidensAtTheNewTime) {
    Scenario s(shop_yaml({}, waiting_tiers(0, 0, 20'000)));
    s.login("nick", {"returns"}, 1);
    s.message("c1", "vip", {"returns"});
    s.advance_to(10'000);
    EXPECT_EQ(reload(s, shop_yaml({}, waiting_tiers(0, 0, 40'000))), Lines{});
    EXPECT_EQ(s.advance_to(39'999), Lines{});
    EXPECT_EQ(s.advance_to(40'000), Lines{"assign c1 -> nick (from_queue)"});
}

TEST(ReconfigureTimers, PositionUpdatesTurnedOnStartFromTheWaitSoFar) {
    Scenario s(shop_yaml({}, waiting_tiers(0, 0, 60'000)));
    s.message("c1", "normal", {"returns"});
    s.advance_to(15'000);
    EXPECT_EQ(reload(s, shop_yaml({}, waiting_tiers(0, 10'000, 60'000))), Lines{});
    EXPECT_EQ(s.advance_to(19'999), Lines{});
    EXPECT_EQ(s.advance_to(20'000), Lines{"autoreply c1 queue_position #1 ~0"});
    EXPECT_EQ(s.advance_to(30'000), Lines{"autoreply c1 queue_position #1 ~0"});
}

std::string queue_with(std::string_view lines) {
    return "\n    queues:\n      - name: returns\n        skills: [returns]\n" + std::string(lines);
}

TEST(ReconfigureTimers, ShorterIdleCloseClosesSilentConversationsAtOnce) {
    Scenario s(shop_yaml({}, {}, queue_with("        idle_close_ms: 600000\n")));
    s.login("alice", {"returns"});
    s.message("c1", "normal", {"returns"});
    s.at(50'000, core::CustomerMessage{"shop", "c2", "x", "normal", {"returns"}});
    s.advance_to(100'000);
    // c1 has been silent for 100 s, c2 for 50 s: only c1 is past the new 60 s.
    EXPECT_EQ(reload(s, shop_yaml({}, {}, queue_with("        idle_close_ms: 60000\n"))),
              Lines{"close c1 (idle)"});
    EXPECT_EQ(s.advance_to(109'999), Lines{});
    EXPECT_EQ(s.advance_to(110'000), Lines{"close c2 (idle)"});
    EXPECT_EQ(s.invariants(), "");
}

TEST(ReconfigureTimers, IdleCloseTurnedOnCountsFromTheLastActivity) {
    Scenario s(shop_yaml({}, {}, queue_with("")));
    s.login("alice", {"returns"});
    s.message("c1", "normal", {"returns"});
    s.advance_to(10'000);
    EXPECT_EQ(reload(s, shop_yaml({}, {}, queue_with("        idle_close_ms: 30000\n"))), Lines{});
    EXPECT_EQ(s.advance_to(29'999), Lines{});
    EXPECT_EQ(s.advance_to(30'000), Lines{"close c1 (idle)"});
}

TEST(ReconfigureTimers, OfferInFlightOutlivesTurningOffersOff) {
    Scenario s(shop_yaml({}, {}, queue_with("        accept_timeout_ms: 15000\n")));
    s.login("alice", {"returns"});
    s.login("bob", {"returns"});
    EXPECT_EQ(s.message("c1", "normal", {"returns"}), Lines{"offer c1 -> alice until 15000"});
    s.advance_to(1'000);
    EXPECT_EQ(reload(s, shop_yaml({}, {}, queue_with(""))), Lines{});
    EXPECT_EQ(s.message("c2", "normal", {"returns"}), Lines{"assign c2 -> bob (new)"});
    EXPECT_EQ(s.advance_to(14'999), Lines{});
    EXPECT_EQ(s.advance_to(15'000), (Lines{"unassign c1 from alice (offer_timeout)",
                                           "assign c1 -> bob (offer_expired)"}));
    EXPECT_EQ(s.invariants(), "");
}

}  // namespace
}  // namespace switchboard::testing
