// Wrong event sequences (issue: property tests, B): each is answered with exactly one Rejected
// action naming the reason, and changes no state (state_dump before == after).
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/core/scenario.hpp"
#include "tests/core/shard_checks.hpp"

namespace switchboard::testing {
namespace {

using Lines = std::vector<std::string>;

constexpr std::string_view kOfferQueues = R"(
    queues:
      - {name: returns, skills: [returns], strategy: least_loaded, accept_timeout_ms: 15000}
)";

constexpr std::string_view kOneAgentTwoConversations = R"(
    limits:
      max_agents: 1
      max_conversations: 2
)";

// Applies `event` now; passes when it produced exactly `reject` and the state is unchanged.
::testing::AssertionResult rejected_unchanged(Scenario& s, const core::Event& event,
                                              const std::string& reject) {
    const std::string before = state_dump(s.shard());
    const Lines lines = s.send(event);
    if (lines != Lines{reject}) {
        auto failure = ::testing::AssertionFailure() << "expected only '" << reject << "', got:";
        for (const std::string& line : lines) failure << " '" << line << "'";
        return failure;
    }
    const std::string after = state_dump(s.shard());
    if (after != before) {
        return ::testing::AssertionFailure() << "state changed:\n" << before << "->\n" << after;
    }
    if (const std::string p = s.invariants(); !p.empty()) {
        return ::testing::AssertionFailure() << "invariant broken: " << p;
    }
    return ::testing::AssertionSuccess();
}

// alice holds c1 (returns), bob is free, c2 waits for complaints.
Scenario busy_shop() {
    Scenario s(shop_yaml());
    s.login("alice", {"returns"}, 1);
    s.login("bob", {"returns", "presales"}, 2);
    s.message("c1", "normal", {"returns"});
    s.message("c2", "normal", {"complaints"});
    return s;
}

TEST(PropertyRejectedEvent, ReplyToAnotherAgentsConversation) {
    Scenario s = busy_shop();
    EXPECT_TRUE(rejected_unchanged(s, core::AgentReply{"shop", "bob", "c1", false, 7},
                                   "reject agent_reply not_assigned_to_agent"));
}

TEST(PropertyRejectedEvent, ReplyToAWaitingConversation) {
    Scenario s = busy_shop();
    EXPECT_TRUE(rejected_unchanged(s, core::AgentReply{"shop", "bob", "c2", false, 7},
                                   "reject agent_reply not_assigned_to_agent"));
}

TEST(PropertyRejectedEvent, AcceptWithoutAnOffer) {
    Scenario s = busy_shop();
    EXPECT_TRUE(rejected_unchanged(s, core::AcceptOffer{"shop", "alice", "c1"},
                                   "reject accept_offer not_offered"));
}

TEST(PropertyRejectedEvent, AcceptOfAnOfferMadeToSomeoneElse) {
    Scenario s(shop_yaml({}, {}, kOfferQueues));
    s.login("alice", {"returns"});
    s.login("bob", {"returns"});
    ASSERT_EQ(s.message("c1", "normal", {"returns"}), Lines{"offer c1 -> alice until 15000"});
    EXPECT_TRUE(rejected_unchanged(s, core::AcceptOffer{"shop", "bob", "c1"},
                                   "reject accept_offer not_offered"));
}

TEST(PropertyRejectedEvent, UnknownTenant) {
    Scenario s = busy_shop();
    EXPECT_TRUE(rejected_unchanged(s, core::CloseConversation{"other_shop", "c1"},
                                   "reject close unknown_tenant"));
}

TEST(PropertyRejectedEvent, UnknownAgent) {
    Scenario s = busy_shop();
    EXPECT_TRUE(rejected_unchanged(s, core::AgentStatusChange{"shop", "carol"},
                                   "reject agent_status unknown_agent"));
}

TEST(PropertyRejectedEvent, UnknownConversation) {
    Scenario s = busy_shop();
    EXPECT_TRUE(rejected_unchanged(s, core::AgentReply{"shop", "alice", "c9", false, 1},
                                   "reject agent_reply unknown_conversation"));
}

TEST(PropertyRejectedEvent, UnknownSkillAtLogin) {
    Scenario s = busy_shop();
    core::AgentLogin login{"shop", "carol", {{"returns", 5}, {"haggling", 5}}, {}, 2};
    EXPECT_TRUE(rejected_unchanged(s, login, "reject agent_login unknown_skill"));
}

TEST(PropertyRejectedEvent, UnknownGroupAtLogin) {
    Scenario s = busy_shop();
    core::AgentLogin login{"shop", "carol", {{"returns", 5}}, {"night_shift"}, 2};
    EXPECT_TRUE(rejected_unchanged(s, login, "reject agent_login unknown_group"));
}

TEST(PropertyRejectedEvent, ProficiencyOutsideOneToTen) {
    Scenario s = busy_shop();
    core::AgentLogin login{"shop", "carol", {{"returns", 11}}, {}, 2};
    EXPECT_TRUE(rejected_unchanged(s, login, "reject agent_login invalid_proficiency"));
}

TEST(PropertyRejectedEvent, DuplicateLoginKeepsTheFirstSession) {
    Scenario s = busy_shop();
    core::AgentLogin again{"shop", "alice", {{"complaints", 9}}, {"senior"}, 5};
    EXPECT_TRUE(rejected_unchanged(s, again, "reject agent_login agent_already_logged_in"));
    EXPECT_EQ(s.message("c3", "normal", {"complaints"}), Lines{"queue c3 #2"});
}

TEST(PropertyRejectedEvent, ZeroCapacityAtLogin) {
    Scenario s = busy_shop();
    core::AgentLogin login{"shop", "carol", {{"complaints", 5}}, {}, 0};
    EXPECT_TRUE(rejected_unchanged(s, login, "reject agent_login invalid_capacity"));
}

TEST(PropertyRejectedEvent, CapacityAboveTheTenantMaximum) {
    Scenario s = busy_shop();
    EXPECT_TRUE(rejected_unchanged(s, core::AgentCapacityChange{"shop", "alice", 21},
                                   "reject agent_capacity invalid_capacity"));
}

TEST(PropertyRejectedEvent, UnknownTierOfANewConversation) {
    Scenario s = busy_shop();
    EXPECT_TRUE(
        rejected_unchanged(s, core::CustomerMessage{"shop", "c3", "x", "platinum", {"returns"}},
                           "reject customer_message unknown_tier"));
}

TEST(PropertyRejectedEvent, NoQueueServesTheRequestedSkills) {
    Scenario s = busy_shop();
    EXPECT_TRUE(rejected_unchanged(
        s, core::CustomerMessage{"shop", "c3", "x", "normal", {"returns", "presales"}},
        "reject customer_message no_queue_for_skills"));
}

TEST(PropertyRejectedEvent, ClosingTwice) {
    Scenario s = busy_shop();
    ASSERT_EQ(s.close("c2"), Lines{"close c2 (requested)"});
    EXPECT_TRUE(rejected_unchanged(s, core::CloseConversation{"shop", "c2"},
                                   "reject close conversation_closed"));
}

TEST(PropertyRejectedEvent, ReplyAfterClose) {
    Scenario s = busy_shop();
    s.close("c1");
    EXPECT_TRUE(rejected_unchanged(s, core::AgentReply{"shop", "alice", "c1", false, 1},
                                   "reject agent_reply conversation_closed"));
}

TEST(PropertyRejectedEvent, TransferWithBothTargets) {
    Scenario s = busy_shop();
    EXPECT_TRUE(rejected_unchanged(s, core::Transfer{"shop", "c1", "alice", {"presales"}, "bob"},
                                   "reject transfer invalid_transfer"));
}

TEST(PropertyRejectedEvent, TransferWithNoTarget) {
    Scenario s = busy_shop();
    EXPECT_TRUE(rejected_unchanged(s, core::Transfer{"shop", "c1", "alice", {}, ""},
                                   "reject transfer invalid_transfer"));
}

TEST(PropertyRejectedEvent, TransferByAnAgentWhoDoesNotHoldIt) {
    Scenario s = busy_shop();
    EXPECT_TRUE(rejected_unchanged(s, core::Transfer{"shop", "c1", "bob", {"presales"}, ""},
                                   "reject transfer not_assigned_to_agent"));
}

TEST(PropertyRejectedEvent, TransferToTheAgentWhoHasIt) {
    Scenario s = busy_shop();
    EXPECT_TRUE(rejected_unchanged(s, core::Transfer{"shop", "c1", "", {}, "alice"},
                                   "reject transfer target_unavailable"));
}

TEST(PropertyRejectedEvent, TransferToAFullAgent) {
    Scenario s = busy_shop();
    EXPECT_TRUE(rejected_unchanged(s, core::Transfer{"shop", "c2", "", {}, "alice"},
                                   "reject transfer target_unavailable"));
}

TEST(PropertyRejectedEvent, LoginBeyondMaxAgents) {
    Scenario s(shop_yaml({}, {}, {}, kOneAgentTwoConversations));
    s.login("alice", {"returns"});
    EXPECT_TRUE(rejected_unchanged(s, core::AgentLogin{"shop", "bob", {{"returns", 5}}, {}, 2},
                                   "reject agent_login limit_reached"));
}

TEST(PropertyRejectedEvent, NewConversationBeyondMaxConversations) {
    Scenario s(shop_yaml({}, {}, {}, kOneAgentTwoConversations));
    s.message("c1", "normal", {"returns"});
    s.message("c2", "normal", {"returns"});
    EXPECT_TRUE(rejected_unchanged(s, core::CustomerMessage{"shop", "c3", "x", "", {}},
                                   "reject customer_message limit_reached"));
}

}  // namespace
}  // namespace switchboard::testing
