// Waiting-queue timers on virtual time (issue: SLA timers): tier widening ladders, maximum wait
// with overflow, position / estimated-wait auto-replies, offer/accept and idle close.
#include <gtest/gtest.h>

#include "tests/core/scenario.hpp"

namespace switchboard::testing {
namespace {

using Lines = std::vector<std::string>;

constexpr std::string_view kLadderTiers = R"(
    tiers:
      - name: vip
        priority: 100
        sla: relaxed
        ladder:
          - groups: [vip_team]
          - after_ms: 20000
            groups: [vip_team, senior]
          - after_ms: 60000
      - name: normal
        priority: 10
        sla: relaxed
        max_wait_ms: 300000
        overflow: leave_message
        position_updates_ms: 30000
)";

TEST(Ladder, VipWaitsForVipTeamThenWidensToSeniorsAtTwentySeconds) {
    Scenario s(shop_yaml({}, kLadderTiers));
    s.login("sam", {"returns"}, 2, {"senior"});
    s.login("nick", {"returns"}, 2);
    EXPECT_EQ(s.message("c1", "vip", {"returns"}), Lines{"queue c1 #1"});
    EXPECT_EQ(s.advance_to(19'999), Lines{});
    EXPECT_EQ(s.advance_to(20'000), Lines{"assign c1 -> sam (from_queue)"});
    EXPECT_EQ(s.invariants(), "");
}

TEST(Ladder, VipGoesToEveryoneAtTheLastStep) {
    Scenario s(shop_yaml({}, kLadderTiers));
    s.login("nick", {"returns"}, 2);
    s.message("c1", "vip", {"returns"});
    EXPECT_EQ(s.advance_to(59'999), Lines{});
    EXPECT_EQ(s.advance_to(60'000), Lines{"assign c1 -> nick (from_queue)"});
}

TEST(Ladder, VipTeamAgentTakesVipAtOnce) {
    Scenario s(shop_yaml({}, kLadderTiers));
    s.login("vera", {"returns"}, 2, {"vip_team"});
    EXPECT_EQ(s.message("c1", "vip", {"returns"}), Lines{"assign c1 -> vera (new)"});
}

TEST(Ladder, FreedNormalAgentSkipsVipStillInsideItsFirstStep) {
    Scenario s(shop_yaml({}, kLadderTiers));
    s.login("nick", {"returns"}, 1);
    s.message("c1", "normal", {"returns"});  // nick
    s.message("c2", "vip", {"returns"});     // vip_team only for now
    s.message("c3", "normal", {"returns"});  // waits behind
    EXPECT_EQ(s.close("c1"), (Lines{"close c1 (requested)", "assign c3 -> nick (from_queue)"}));
    EXPECT_EQ(s.invariants(), "");
}

TEST(Overflow, MaxWaitOverflowsToLeaveMessage) {
    Scenario s(shop_yaml({}, kLadderTiers));
    s.message("c1", "normal", {"returns"});
    s.advance_to(299'999);
    EXPECT_EQ(s.advance_to(300'000), (Lines{"overflow c1 leave_message", "close c1 (overflow)"}));
    EXPECT_EQ(s.shard().conversation_count(), 0u);
}

TEST(Overflow, FullQueueOverflowsNewArrivals) {
    Scenario s(shop_yaml({}, kLadderTiers, {}, "    limits:\n      max_queue_length: 2\n"));
    s.message("c1", "normal", {"returns"});
    s.message("c2", "normal", {"returns"});
    EXPECT_EQ(s.message("c3", "normal", {"returns"}),
              (Lines{"overflow c3 leave_message", "close c3 (overflow)"}));
}

TEST(PositionUpdates, WaitingCustomerHearsPositionEveryThirtySeconds) {
    Scenario s(shop_yaml({}, kLadderTiers));
    s.login("nick", {"returns"}, 1);
    s.message("c1", "normal", {"returns"});  // nick
    s.message("c2", "normal", {"returns"});  // #1
    s.message("c3", "normal", {"returns"});  // #2
    EXPECT_EQ(s.advance_to(29'999), Lines{});
    EXPECT_EQ(s.advance_to(30'000),
              (Lines{"autoreply c2 queue_position #1 ~0", "autoreply c3 queue_position #2 ~0"}));
    s.at(40'000, core::CloseConversation{"shop", "c1"});  // c2 to nick
    s.at(50'000, core::CloseConversation{"shop", "c2"});  // c3 to nick: 10 s between serves
    s.message("c4", "normal", {"returns"});
    s.message("c5", "normal", {"returns"});
    EXPECT_EQ(s.advance_to(80'000), (Lines{"autoreply c4 queue_position #1 ~10000",
                                           "autoreply c5 queue_position #2 ~20000"}));
}

constexpr std::string_view kOfferQueues = R"(
    queues:
      - name: returns
        skills: [returns]
        strategy: round_robin
        accept_timeout_ms: 15000
        idle_close_ms: 600000
)";

TEST(Offer, UnacceptedOfferMovesToTheNextAgentAtTimeout) {
    Scenario s(shop_yaml({}, {}, kOfferQueues));
    s.login("alice", {"returns"});
    s.login("bob", {"returns"});
    EXPECT_EQ(s.message("c1", "normal", {"returns"}), Lines{"offer c1 -> alice until 15000"});
    EXPECT_EQ(s.advance_to(14'999), Lines{});
    EXPECT_EQ(s.advance_to(15'000),
              (Lines{"unassign c1 from alice (offer_timeout)", "offer c1 -> bob until 30000"}));
    EXPECT_EQ(s.at(16'000, core::AcceptOffer{"shop", "bob", "c1"}),
              Lines{"assign c1 -> bob (offer_expired)"});
    EXPECT_EQ(s.advance_to(60'000), Lines{});
    EXPECT_EQ(s.invariants(), "");
}

TEST(Offer, AcceptByAnotherAgentIsRejected) {
    Scenario s(shop_yaml({}, {}, kOfferQueues));
    s.login("alice", {"returns"});
    s.login("bob", {"returns"});
    s.message("c1", "normal", {"returns"});
    EXPECT_EQ(s.send(core::AcceptOffer{"shop", "bob", "c1"}),
              Lines{"reject accept_offer not_offered"});
}

TEST(IdleClose, SilentConversationClosesAfterIdleTime) {
    Scenario s(shop_yaml({}, {}, kOfferQueues));
    s.login("alice", {"returns"});
    s.message("c1", "normal", {"returns"});
    s.at(1'000, core::AcceptOffer{"shop", "alice", "c1"});
    s.at(100'000, core::AgentReply{"shop", "alice", "c1", false, 7});
    EXPECT_EQ(s.advance_to(699'999), Lines{});
    EXPECT_EQ(s.advance_to(700'000), Lines{"close c1 (idle)"});
    EXPECT_EQ(s.shard().agent(*s.shard().find_agent("shop", "alice"))->load, 0u);
}

}  // namespace
}  // namespace switchboard::testing
