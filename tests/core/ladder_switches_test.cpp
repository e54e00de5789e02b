// The escalation ladder with its steps switched off one by one (issue: SLA timers, item 3: "each
// can be switched off"), and missed offers counting toward auto-away (item 7). Virtual time;
// every deadline is probed one millisecond before and at the millisecond it is due.
#include <algorithm>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "tests/core/scenario.hpp"

namespace switchboard::testing {
namespace {

using Lines = std::vector<std::string>;

// One policy for every tier, its ladder given by `ladder` (warn_at, reassign_on_miss, ...).
std::string shop_with_ladder(std::string_view ladder, std::string_view extra = {}) {
    std::string policies = R"(
    sla_policies:
      - name: p
        first_reply_ms: 10000
        next_reply_ms: 20000
)";
    policies += ladder;
    const std::string tiers = R"(
    tiers:
      - name: vip
        priority: 100
        sla: p
      - name: normal
        priority: 10
        sla: p
)";
    std::string templates = R"(
    templates:
      apology: "Sorry for the wait."
)";
    templates += extra;
    return shop_yaml(policies, tiers, {}, templates);
}

std::uint64_t misses_of(Scenario& s, std::string_view agent) {
    return s.shard().agent(*s.shard().find_agent("shop", agent))->misses_total;
}

TEST(LadderSwitches, NoWarningWhenWarnAtIsZero) {
    Scenario s(shop_with_ladder(R"(
        warn_at: 0
        reassign_on_miss: true
        max_reassignments: 1
)"));
    s.login("alice", {"returns"});
    s.login("bob", {"returns"});
    s.message("c1", "normal", {"returns"});
    EXPECT_EQ(s.advance_to(9'999), Lines{});
    EXPECT_EQ(s.advance_to(10'000),
              (Lines{"unassign c1 from alice (missed_reply)", "assign c1 -> bob (missed_reply)"}));
    EXPECT_EQ(s.invariants(), "");
}

TEST(LadderSwitches, WithoutReassignTheMissEscalatesAndTheAgentKeepsTheConversation) {
    Scenario s(shop_with_ladder(R"(
        warn_at: 0.5
        reassign_on_miss: false
        escalate_to_supervisor: true
        apology_template: apology
)"));
    s.login("alice", {"returns"});
    s.login("bob", {"returns"});
    EXPECT_EQ(s.message("c1", "normal", {"returns"}), Lines{"assign c1 -> alice (new)"});
    EXPECT_EQ(s.advance_to(5'000), Lines{"warn alice about c1 due 10000"});
    EXPECT_EQ(s.advance_to(9'999), Lines{});
    EXPECT_EQ(s.advance_to(10'000), (Lines{"escalate c1 after 0 hops", "autoreply c1 apology"}));
    EXPECT_EQ(misses_of(s, "alice"), 1u);
    EXPECT_EQ(s.shard().stats().reassignments, 0u);
    // Still alice's (her late reply is accepted), and from now on the supervisor watches it: no
    // further deadlines for this conversation (engine/core/README.md).
    EXPECT_EQ(s.at(30'000, core::AgentReply{"shop", "alice", "c1", false, 7}), Lines{});
    s.at(40'000, core::CustomerMessage{"shop", "c1", "cust-c1", "", {}});
    EXPECT_EQ(s.advance_to(200'000), Lines{});
    EXPECT_EQ(s.invariants(), "");
}

TEST(LadderSwitches, EscalationWithoutApologySendsNoAutoReply) {
    Scenario s(shop_with_ladder(R"(
        reassign_on_miss: false
        escalate_to_supervisor: true
)"));
    s.login("alice", {"returns"});
    s.message("c1", "normal", {"returns"});
    EXPECT_EQ(s.advance_to(10'000), Lines{"escalate c1 after 0 hops"});
}

TEST(LadderSwitches, EverythingOffOnlyCountsTheMiss) {
    Scenario s(shop_with_ladder(R"(
        warn_at: 0
        reassign_on_miss: false
        escalate_to_supervisor: false
)"));
    s.login("alice", {"returns"});
    s.login("bob", {"returns"});
    s.message("c1", "normal", {"returns"});
    EXPECT_EQ(s.advance_to(60'000), Lines{});
    EXPECT_EQ(s.shard().stats().reply_misses, 1u);
    EXPECT_EQ(misses_of(s, "alice"), 1u);
    EXPECT_EQ(misses_of(s, "bob"), 0u);
    // Detection goes on: after her reply, the next message's NRT deadline is missed again.
    EXPECT_EQ(s.at(61'000, core::AgentReply{"shop", "alice", "c1", false, 7}), Lines{});
    s.at(70'000, core::CustomerMessage{"shop", "c1", "cust-c1", "", {}});
    s.advance_to(89'999);
    EXPECT_EQ(misses_of(s, "alice"), 1u);
    s.advance_to(90'000);
    EXPECT_EQ(misses_of(s, "alice"), 2u);
    EXPECT_EQ(s.invariants(), "");
}

TEST(LadderSwitches, ZeroReassignmentsEscalatesAtTheFirstMiss) {
    Scenario s(shop_with_ladder(R"(
        reassign_on_miss: true
        max_reassignments: 0
        escalate_to_supervisor: true
)"));
    s.login("alice", {"returns"});
    s.login("bob", {"returns"});
    s.message("c1", "normal", {"returns"});
    EXPECT_EQ(s.advance_to(10'000), Lines{"escalate c1 after 0 hops"});
    EXPECT_EQ(s.advance_to(100'000), Lines{});
}

TEST(LadderSwitches, HopsStopAtTheLimitEvenWithoutEscalation) {
    Scenario s(shop_with_ladder(R"(
        reassign_on_miss: true
        max_reassignments: 1
        escalate_to_supervisor: false
)"));
    s.login("alice", {"returns"});
    s.login("bob", {"returns"});
    s.login("carol", {"returns"});
    s.message("c1", "normal", {"returns"});
    EXPECT_EQ(s.advance_to(10'000),
              (Lines{"unassign c1 from alice (missed_reply)", "assign c1 -> bob (missed_reply)"}));
    EXPECT_EQ(s.advance_to(20'000), Lines{});  // bob misses too: counted, not moved again
    EXPECT_EQ(misses_of(s, "bob"), 1u);
    EXPECT_EQ(s.shard().stats().reply_misses, 2u);
    EXPECT_EQ(s.invariants(), "");
}

TEST(OfferMisses, TwoExpiredOffersSendTheAgentAway) {
    const std::string queues = R"(
    queues:
      - name: returns
        skills: [returns]
        strategy: round_robin
        accept_timeout_ms: 15000
)";
    const std::string auto_away = R"(
    auto_away:
      max_misses: 2
      window_ms: 60000
      cooldown_ms: 0
)";
    Scenario s(shop_yaml({}, {}, queues, auto_away));
    s.login("alice", {"returns"});
    EXPECT_EQ(s.message("c1", "normal", {"returns"}), Lines{"offer c1 -> alice until 15000"});
    EXPECT_EQ(s.message("c2", "normal", {"returns"}), Lines{"offer c2 -> alice until 15000"});
    EXPECT_EQ(s.advance_to(14'999), Lines{});
    const Lines at_timeout = s.advance_to(15'000);
    ASSERT_FALSE(at_timeout.empty());
    EXPECT_EQ(at_timeout.front(), "unassign c1 from alice (offer_timeout)");
    EXPECT_NE(std::find(at_timeout.begin(), at_timeout.end(), "auto_away alice after 2 misses"),
              at_timeout.end());
    EXPECT_EQ(misses_of(s, "alice"), 2u);
    EXPECT_EQ(s.shard().stats().offers_expired, 2u);
    // Away: new work waits instead of being offered to her.
    EXPECT_EQ(s.message("c3", "normal", {"returns"}), Lines{"queue c3 #3"});
    EXPECT_EQ(s.invariants(), "");
}

}  // namespace
}  // namespace switchboard::testing
