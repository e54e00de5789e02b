// Routing by skill, tier and capacity through the shard's step function (issue: foundation).
#include <gtest/gtest.h>

#include "tests/core/scenario.hpp"

namespace switchboard::testing {
namespace {

using Lines = std::vector<std::string>;

TEST(Routing, NewConversationGoesToAgentWithTheSkill) {
    Scenario s(shop_yaml());
    s.login("alice", {"presales"});
    s.login("bob", {"returns"});
    EXPECT_EQ(s.message("c1", "normal", {"returns"}), Lines{"assign c1 -> bob (new)"});
    EXPECT_EQ(s.invariants(), "");
}

TEST(Routing, ConversationWaitsWhenNoAgentHasTheSkill) {
    Scenario s(shop_yaml());
    s.login("alice", {"presales"});
    EXPECT_EQ(s.message("c1", "normal", {"returns"}), Lines{"queue c1 #1"});
    EXPECT_EQ(s.login("bob", {"returns"}), Lines{"assign c1 -> bob (from_queue)"});
    EXPECT_EQ(s.invariants(), "");
}

TEST(Routing, FullAgentGetsNoMoreWork) {
    Scenario s(shop_yaml());
    s.login("alice", {"returns"}, /*capacity=*/1);
    EXPECT_EQ(s.message("c1", "normal", {"returns"}), Lines{"assign c1 -> alice (new)"});
    EXPECT_EQ(s.message("c2", "normal", {"returns"}), Lines{"queue c2 #1"});
    EXPECT_EQ(s.close("c1"), (Lines{"close c1 (requested)", "assign c2 -> alice (from_queue)"}));
    EXPECT_EQ(s.invariants(), "");
}

TEST(Routing, VipIsServedBeforeEarlierNormalCustomers) {
    Scenario s(shop_yaml());
    s.login("alice", {"returns"}, 1);
    s.message("c1", "normal", {"returns"});
    EXPECT_EQ(s.message("c2", "normal", {"returns"}), Lines{"queue c2 #1"});
    EXPECT_EQ(s.message("c3", "member", {"returns"}), Lines{"queue c3 #1"});
    EXPECT_EQ(s.message("c4", "vip", {"returns"}), Lines{"queue c4 #1"});
    EXPECT_EQ(s.close("c1"), (Lines{"close c1 (requested)", "assign c4 -> alice (from_queue)"}));
    EXPECT_EQ(s.close("c4"), (Lines{"close c4 (requested)", "assign c3 -> alice (from_queue)"}));
    EXPECT_EQ(s.close("c3"), (Lines{"close c3 (requested)", "assign c2 -> alice (from_queue)"}));
}

TEST(Routing, SameTierIsServedInArrivalOrder) {
    Scenario s(shop_yaml());
    s.login("alice", {"returns"}, 1);
    s.message("c1", "normal", {"returns"});
    s.message("c2", "normal", {"returns"});
    EXPECT_EQ(s.message("c3", "normal", {"returns"}), Lines{"queue c3 #2"});
    EXPECT_EQ(s.close("c1"), (Lines{"close c1 (requested)", "assign c2 -> alice (from_queue)"}));
}

TEST(Routing, LeastLoadedPrefersLowerLoadRatio) {
    Scenario s(shop_yaml());
    s.login("alice", {"returns"}, 4);
    s.login("bob", {"returns"}, 2);
    EXPECT_EQ(s.message("c1", "normal", {"returns"}), Lines{"assign c1 -> alice (new)"});
    EXPECT_EQ(s.message("c2", "normal", {"returns"}), Lines{"assign c2 -> bob (new)"});
    // alice 1/4 < bob 1/2
    EXPECT_EQ(s.message("c3", "normal", {"returns"}), Lines{"assign c3 -> alice (new)"});
    // alice 2/4 = bob 1/2: the less recently assigned wins
    EXPECT_EQ(s.message("c4", "normal", {"returns"}), Lines{"assign c4 -> bob (new)"});
}

TEST(Routing, LogoutPutsConversationsBackAtTheHeadOfTheQueue) {
    Scenario s(shop_yaml());
    s.login("alice", {"returns"}, 2);
    s.message("c1", "normal", {"returns"});
    s.message("c2", "normal", {"returns"});
    EXPECT_EQ(s.message("c3", "normal", {"returns"}), Lines{"queue c3 #1"});
    EXPECT_EQ(s.logout("alice"),
              (Lines{"unassign c1 from alice (logout)", "unassign c2 from alice (logout)",
                     "queue c1 #1", "queue c2 #2"}));
    s.login("bob", {"returns"}, 1);
    EXPECT_EQ(s.close("c1"), (Lines{"close c1 (requested)", "assign c2 -> bob (from_queue)"}));
    EXPECT_EQ(s.invariants(), "");
}

TEST(Routing, AwayAgentKeepsConversationsButGetsNoNewWork) {
    Scenario s(shop_yaml());
    s.login("alice", {"returns"}, 2);
    s.message("c1", "normal", {"returns"});
    s.away("alice");
    EXPECT_EQ(s.message("c2", "normal", {"returns"}), Lines{"queue c2 #1"});
    EXPECT_EQ(s.available("alice"), Lines{"assign c2 -> alice (from_queue)"});
}

TEST(Routing, CapacityRaiseDrainsTheQueue) {
    Scenario s(shop_yaml());
    s.login("alice", {"returns"}, 1);
    s.message("c1", "normal", {"returns"});
    s.message("c2", "normal", {"returns"});
    EXPECT_EQ(s.send(core::AgentCapacityChange{"shop", "alice", 2}),
              Lines{"assign c2 -> alice (from_queue)"});
}

TEST(Routing, CapacityLowerBelowLoadKeepsConversations) {
    Scenario s(shop_yaml());
    s.login("alice", {"returns"}, 3);
    s.message("c1", "normal", {"returns"});
    s.message("c2", "normal", {"returns"});
    EXPECT_EQ(s.send(core::AgentCapacityChange{"shop", "alice", 1}), Lines{});
    EXPECT_EQ(s.message("c3", "normal", {"returns"}), Lines{"queue c3 #1"});
    EXPECT_EQ(s.close("c1"), Lines{"close c1 (requested)"});
    EXPECT_EQ(s.close("c2"), (Lines{"close c2 (requested)", "assign c3 -> alice (from_queue)"}));
}

}  // namespace
}  // namespace switchboard::testing
