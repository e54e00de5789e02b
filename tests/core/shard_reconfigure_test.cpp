// Live reload of a running shard (issue 6 item 7): conversations in flight keep their state and
// agent, the next decision follows the new config, waiting conversations keep their place, and
// nothing points into the old snapshot afterwards. Timers: shard_reconfigure_timers_test.cpp.
#include <memory>

#include <gtest/gtest.h>

#include "tests/core/reconfigure_support.hpp"
#include "tests/core/scenario.hpp"

namespace switchboard::testing {
namespace {

using Lines = std::vector<std::string>;

std::string one_queue(std::string_view strategy) {
    std::string queues = R"(
    queues:
      - name: returns
        skills: [returns]
        strategy: )";
    queues += strategy;
    queues += "\n";
    return shop_yaml({}, {}, queues);
}

std::string agent_of(Scenario& s, const std::string& conversation) {
    const auto c = s.shard().find_conversation("shop", conversation);
    if (!c) return "<closed>";
    return std::string(s.shard().agent_name(s.shard().conversation(*c)->agent));
}

TEST(Reconfigure, ConversationsInFlightKeepTheirAgentAndPlaceInLine) {
    Scenario s(one_queue("least_loaded"));
    s.login("alice", {"returns"}, 1);
    s.login("bob", {"returns"}, 1);
    s.message("c1", "normal", {"returns"});
    s.message("c2", "normal", {"returns"});
    EXPECT_EQ(s.message("c3", "normal", {"returns"}), Lines{"queue c3 #1"});
    EXPECT_EQ(s.message("c4", "vip", {"returns"}), Lines{"queue c4 #1"});
    s.advance_to(5'000);

    EXPECT_EQ(reload(s, one_queue("round_robin")), Lines{});
    EXPECT_EQ(s.invariants(), "");
    EXPECT_EQ(agent_of(s, "c1"), "alice");
    EXPECT_EQ(agent_of(s, "c2"), "bob");
    EXPECT_EQ(s.shard().waiting_count("shop"), 2u);
    // The VIP still goes first, then the older normal conversation.
    EXPECT_EQ(s.close("c1"), (Lines{"close c1 (requested)", "assign c4 -> alice (from_queue)"}));
    EXPECT_EQ(s.close("c2"), (Lines{"close c2 (requested)", "assign c3 -> bob (from_queue)"}));
    EXPECT_EQ(s.invariants(), "");
}

TEST(Reconfigure, ChangedStrategyDecidesTheNextAssignment) {
    // least_loaded would give c4 to alice (2/10 < 1/2); round_robin to bob (assigned longer ago).
    const auto run = [](bool switch_to_round_robin) {
        Scenario s(one_queue("least_loaded"));
        s.login("alice", {"returns"}, 10);
        s.login("bob", {"returns"}, 2);
        s.message("c1", "normal", {"returns"});  // alice (tie, first in line)
        s.message("c2", "normal", {"returns"});  // bob
        s.message("c3", "normal", {"returns"});  // alice: 1/10 < 1/2
        if (switch_to_round_robin) {
            EXPECT_EQ(reload(s, one_queue("round_robin")), Lines{});
        }
        return s.message("c4", "normal", {"returns"});
    };
    EXPECT_EQ(run(false), Lines{"assign c4 -> alice (new)"});
    EXPECT_EQ(run(true), Lines{"assign c4 -> bob (new)"});
}

TEST(Reconfigure, NewCapacityDefaultsAndBoundsApplyToTheNextEvents) {
    const std::string before = one_queue("least_loaded");
    std::string after = before;
    after.replace(after.find("default_capacity: 2"), 19, "default_capacity: 3");
    after.replace(after.find("max_capacity: 20"), 16, "max_capacity: 4");
    Scenario s(before);
    s.send(core::AgentLogin{"shop", "alice", {{"returns", 5}}, {}, 10});
    EXPECT_EQ(reload(s, after), Lines{});
    // alice keeps the capacity she logged in with; a new login gets the new default.
    EXPECT_EQ(s.shard().agent(*s.shard().find_agent("shop", "alice"))->capacity, 10u);
    s.send(core::AgentLogin{"shop", "bob", {{"returns", 5}}, {}, std::nullopt});
    EXPECT_EQ(s.shard().agent(*s.shard().find_agent("shop", "bob"))->capacity, 3u);
    EXPECT_EQ(s.send(core::AgentCapacityChange{"shop", "bob", 5}),
              Lines{"reject agent_capacity invalid_capacity"});
    EXPECT_EQ(s.send(core::AgentCapacityChange{"shop", "bob", 4}), Lines{});
    EXPECT_EQ(s.invariants(), "");
}

constexpr std::string_view kVipDeskOnly = R"(
    tiers:
      - name: vip
        priority: 100
        sla: relaxed
        ladder:
          - groups: [vip_team]
          - after_ms: 60000
      - name: normal
        priority: 10
        sla: relaxed
)";

constexpr std::string_view kVipToEveryone = R"(
    tiers:
      - name: vip
        priority: 100
        sla: relaxed
      - name: normal
        priority: 10
        sla: relaxed
)";

TEST(Reconfigure, LadderOpenedToEveryoneAssignsWaitingConversationsAtOnce) {
    Scenario s(shop_yaml({}, kVipDeskOnly));
    s.login("nick", {"returns"}, 1);
    EXPECT_EQ(s.message("c1", "vip", {"returns"}), Lines{"queue c1 #1"});
    EXPECT_EQ(s.message("c2", "vip", {"returns"}), Lines{"queue c2 #2"});
    s.advance_to(10'000);
    // Work conservation under the new ladder: nick may take VIPs now, the oldest first.
    EXPECT_EQ(reload(s, shop_yaml({}, kVipToEveryone)), Lines{"assign c1 -> nick (from_queue)"});
    EXPECT_EQ(s.invariants(), "");
    EXPECT_EQ(s.shard().waiting_count("shop"), 1u);
}

constexpr std::string_view kThreeSteps = R"(
    tiers:
      - name: vip
        priority: 100
        sla: relaxed
        ladder:
          - groups: [vip_team]
          - after_ms: 10000
            groups: [senior]
          - after_ms: 20000
            groups: [vip_team]
      - name: normal
        priority: 10
        sla: relaxed
)";

TEST(Reconfigure, WaitingConversationStandsOnTheNewLaddersStepForItsWait) {
    Scenario s(shop_yaml({}, kThreeSteps));
    s.login("nick", {"returns"}, 1);
    s.message("c1", "vip", {"returns"});
    s.advance_to(25'000);  // on step 2 of 3 (vip_team again)
    // The new ladder opens to everyone only at 60 s: c1 is on its first step until then.
    EXPECT_EQ(reload(s, shop_yaml({}, kVipDeskOnly)), Lines{});
    EXPECT_EQ(s.invariants(), "");
    const auto c1 = *s.shard().find_conversation("shop", "c1");
    EXPECT_EQ(s.shard().conversation(c1)->ladder_step, 0u);
    ASSERT_TRUE(s.shard().explain(c1, 10).has_value());
    EXPECT_EQ(s.advance_to(59'999), Lines{});
    EXPECT_EQ(s.advance_to(60'000), Lines{"assign c1 -> nick (from_queue)"});
}

constexpr std::string_view kAppended = R"(
tenants:
  - id: shop
    skills: [presales, returns, complaints, warranty]
    groups: [vip_team, senior, night]
    agents:
      default_capacity: 2
      max_capacity: 20
    sla_policies:
      - name: relaxed
        first_reply_ms: 0
        next_reply_ms: 0
    tiers:
      - name: vip
        priority: 100
        sla: relaxed
      - name: member
        priority: 50
        sla: relaxed
      - name: normal
        priority: 10
        sla: relaxed
      - name: guest
        priority: 1
        sla: relaxed
        ladder:
          - groups: [night]
    queues:
      - {name: presales, skills: [presales]}
      - {name: returns, skills: [returns]}
      - {name: complaints, skills: [complaints]}
      - {name: warranty, skills: [warranty]}
)";

TEST(Reconfigure, AppendedSkillGroupTierAndQueueAreUsableAtOnce) {
    Scenario s(shop_yaml());
    s.login("alice", {"returns"}, 1);
    s.message("c1", "normal", {"returns"});
    EXPECT_EQ(reload(s, kAppended), Lines{});
    EXPECT_EQ(s.login("walt", {"warranty"}, 1, {"night"}), Lines{});
    EXPECT_EQ(s.message("c2", "guest", {"warranty"}), Lines{"assign c2 -> walt (new)"});
    EXPECT_EQ(agent_of(s, "c1"), "alice");
    EXPECT_EQ(s.message("c3", "normal", {"returns"}), Lines{"queue c3 #1"});
    EXPECT_EQ(s.close("c1"), (Lines{"close c1 (requested)", "assign c3 -> alice (from_queue)"}));
    EXPECT_EQ(s.invariants(), "");
}

TEST(Reconfigure, OldSnapshotIsReleasedAndNothingPointsIntoIt) {
    auto first = snapshot_of(shop_yaml({}, kVipDeskOnly));
    const std::weak_ptr<const config::Snapshot> watch = first;
    core::Shard shard(std::move(first), base::time_from_ms(0));
    Recorder out(shard);
    const auto at = [&](std::int64_t ms, const core::Event& e) {
        shard.apply(e, base::time_from_ms(ms), out);
    };
    at(0, core::AgentLogin{"shop", "alice", {{"returns", 5}}, {}, 1});
    at(0, core::CustomerMessage{"shop", "c1", "x", "normal", {"returns"}});
    at(0, core::CustomerMessage{"shop", "c2", "y", "vip", {"returns"}});
    shard.reconfigure(snapshot_of(shop_yaml({}, kThreeSteps)), out);
    EXPECT_TRUE(watch.expired());
    // Every path that reads a spec: routing, ladder timers, explain, the invariant check.
    at(30'000, core::Tick{});
    at(30'000, core::AgentLogin{"shop", "vera", {{"returns", 5}}, {"vip_team"}, 1});
    at(31'000, core::CloseConversation{"shop", "c1"});
    ASSERT_TRUE(shard.find_conversation("shop", "c2").has_value());
    EXPECT_TRUE(shard.explain(*shard.find_conversation("shop", "c2"), 10).has_value());
    EXPECT_EQ(shard.check_invariants(), "");
    EXPECT_EQ(shard.snapshot().tenants.front().tiers.front().ladder.size(), 3u);
}

TEST(Reconfigure, SameInputsGiveTheSameOutputs) {
    const auto run = [] {
        Scenario s(shop_yaml({}, kVipDeskOnly));
        Lines all;
        const auto keep = [&all](const Lines& lines) {
            all.insert(all.end(), lines.begin(), lines.end());
        };
        for (const char* agent : {"a", "b", "c"}) keep(s.login(agent, {"returns"}, 1));
        for (int i = 0; i < 6; ++i) {
            keep(s.message("c" + std::to_string(i), i % 2 ? "vip" : "normal", {"returns"}));
        }
        keep(reload(s, shop_yaml({}, kVipToEveryone)));
        keep(s.close("c0"));
        keep(s.advance_to(70'000));
        return all;
    };
    EXPECT_EQ(run(), run());
}

}  // namespace
}  // namespace switchboard::testing
