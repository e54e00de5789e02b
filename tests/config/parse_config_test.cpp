// What a valid config becomes: every key of the schema mapped to the right TenantSpec field.
#include "engine/config/parse_config.hpp"

#include <string_view>

#include <gtest/gtest.h>

#include "tests/config/config_test_support.hpp"

namespace switchboard::config::test {
namespace {

using base::Duration;
using model::OverflowAction;
using model::Strategy;

// The schema's full example. Tiers are listed out of priority order (and two share a priority) so
// that the sort is visible.
constexpr std::string_view kFullExample = R"(
engine:
  shards: 4
  io_threads: 1
  log_level: debug
tenants:
  - id: shop7
    skills: [presales, orders, returns, complaints]
    groups: [vip_team, senior]
    agents:
      default_capacity: 5
      max_capacity: 12
    sla_policies:
      - name: vip
        first_reply_ms: 15000
        next_reply_ms: 30000
        warn_at: 0.7
        reassign_on_miss: true
        max_reassignments: 2
        escalate_to_supervisor: true
        apology_template: apology_delay
        quick_phrase_stops_clock: false
        repeated_reply_stops_clock: false
      - name: basic
        first_reply_ms: 60000
    tiers:
      - name: normal
        priority: 10
        sla: basic
      - name: vip
        priority: 100
        sla: vip
        ladder:
          - groups: [vip_team]
          - after_ms: 20000
            groups: [vip_team, senior]
          - after_ms: 60000
        max_wait_ms: 300000
        overflow: leave_message
        position_updates_ms: 30000
      - name: member
        priority: 50
        sla: basic
        ladder:
          - after_ms: 0
            groups: [senior]
          - after_ms: 30000
            groups: everyone
      - name: staff
        priority: 10
        sla: basic
    default_tier: member
    queues:
      - name: returns
        skills: [returns]
        strategy: least_loaded
        idle_close_ms: 1800000
      - name: presales
        skills: [presales]
        strategy: sticky
        fallback: longest_idle
        sticky_window_ms: 604800000
        sla: vip
      - name: disputes
        skills: [complaints, returns]
        strategy: most_proficient
        accept_timeout_ms: 15000
      - name: orders
        skills: [orders]
        strategy: sticky
        sticky_window_ms: 86400000
    default_queue: presales
    auto_away:
      max_misses: 3
      window_ms: 600000
      cooldown_ms: 300000
    limits:
      max_agents: 200
      max_conversations: 5000
      max_queue_length: 1000
      max_sticky_customers: 20000
    templates:
      apology_delay: "Sorry for the wait, a colleague is taking over."
      queue_position: "You are number {position}, about {wait_s} s."
)";

// The example's only tenant; fails the test (and returns an empty spec) if it did not parse.
model::TenantSpec example_tenant() {
    auto result = parse(kFullExample);
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message);
    if (!result.ok() || result->tenants.size() != 1) return {};
    return result->tenants.front();
}

TEST(ParseConfig, FullExampleParsesUninstalledWithItsSourceName) {
    auto result = parse(kFullExample);
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_EQ(result->version, 0u);
    EXPECT_EQ(result->source, "t.yaml");
    ASSERT_EQ(result->tenants.size(), 1u);
    EXPECT_EQ(result->tenants[0].id, "shop7");
}

TEST(ParseConfig, EngineSectionIsMapped) {
    auto result = parse(kFullExample);
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_EQ(result->engine.shards, 4u);
    EXPECT_EQ(result->engine.io_threads, 1u);
    EXPECT_EQ(result->engine.log_level, "debug");
}

TEST(ParseConfig, SkillAndGroupIndexesAreListPositions) {
    const auto t = example_tenant();
    EXPECT_EQ(t.find_skill("presales"), 0);
    EXPECT_EQ(t.find_skill("complaints"), 3);
    EXPECT_EQ(t.find_group("vip_team"), 0);
    EXPECT_EQ(t.find_group("senior"), 1);
}

TEST(ParseConfig, AgentCapacitiesAreMapped) {
    const auto t = example_tenant();
    EXPECT_EQ(t.default_capacity, 5u);
    EXPECT_EQ(t.max_capacity, 12u);
}

TEST(ParseConfig, SlaPolicyFieldsAreMapped) {
    const auto t = example_tenant();
    ASSERT_EQ(t.sla_policies.size(), 2u);
    const model::SlaPolicy& vip = t.sla_policies[0];
    EXPECT_EQ(vip.name, "vip");
    EXPECT_EQ(vip.first_reply, Duration{15000});
    EXPECT_EQ(vip.next_reply, Duration{30000});
    EXPECT_DOUBLE_EQ(vip.warn_fraction, 0.7);
    EXPECT_TRUE(vip.reassign_on_miss);
    EXPECT_EQ(vip.max_reassignments, 2u);
    EXPECT_TRUE(vip.escalate_to_supervisor);
    EXPECT_EQ(vip.apology_template, "apology_delay");
    EXPECT_FALSE(vip.quick_phrase_stops_clock);
    EXPECT_FALSE(vip.repeated_reply_stops_clock);
}

TEST(ParseConfig, SlaPolicyKeysDefaultToOffAndClockStoppingReplies) {
    const model::SlaPolicy basic = example_tenant().sla_policies.at(1);
    EXPECT_EQ(basic.next_reply, Duration{0});
    EXPECT_EQ(basic.warn_fraction, 0.0);
    EXPECT_FALSE(basic.reassign_on_miss);
    EXPECT_EQ(basic.max_reassignments, 0u);
    EXPECT_FALSE(basic.escalate_to_supervisor);
    EXPECT_EQ(basic.apology_template, "");
    EXPECT_TRUE(basic.quick_phrase_stops_clock);
    EXPECT_TRUE(basic.repeated_reply_stops_clock);
}

TEST(ParseConfig, TiersAreSortedByPriorityHighestFirstKeepingFileOrderForTies) {
    const auto t = example_tenant();
    ASSERT_EQ(t.tiers.size(), 4u);
    EXPECT_EQ(t.tiers[0].name, "vip");
    EXPECT_EQ(t.tiers[1].name, "member");
    EXPECT_EQ(t.tiers[2].name, "normal");  // priority 10, listed before staff
    EXPECT_EQ(t.tiers[3].name, "staff");
    EXPECT_EQ(t.tiers[0].priority, 100);
}

TEST(ParseConfig, TierSlaIsThePolicyIndex) {
    const auto t = example_tenant();
    EXPECT_EQ(t.tiers[0].sla_policy, 0);  // vip
    EXPECT_EQ(t.tiers[1].sla_policy, 1);  // basic
}

TEST(ParseConfig, TierWaitingLimitsAreMapped) {
    const model::TierSpec vip = example_tenant().tiers.at(0);
    EXPECT_EQ(vip.max_wait, Duration{300000});
    EXPECT_EQ(vip.overflow, OverflowAction::kLeaveMessage);
    EXPECT_EQ(vip.position_update_interval, Duration{30000});
}

TEST(ParseConfig, LadderStepsMapTimesAndGroups) {
    const auto t = example_tenant();
    const auto& ladder = t.tiers.at(0).ladder;
    ASSERT_EQ(ladder.size(), 3u);
    EXPECT_EQ(ladder[0].after, Duration{0});
    EXPECT_FALSE(ladder[0].everyone);
    EXPECT_EQ(ladder[0].groups, model::GroupSet::from_bits(0b01));
    EXPECT_EQ(ladder[1].after, Duration{20000});
    EXPECT_EQ(ladder[1].groups, model::GroupSet::from_bits(0b11));
    EXPECT_EQ(ladder[2].after, Duration{60000});
    EXPECT_TRUE(ladder[2].everyone);  // no groups key
}

TEST(ParseConfig, LadderGroupsEveryoneMeansAllAgents) {
    const auto ladder = example_tenant().tiers.at(1).ladder;  // member
    ASSERT_EQ(ladder.size(), 2u);
    EXPECT_FALSE(ladder[0].everyone);
    EXPECT_TRUE(ladder[1].everyone);
    EXPECT_EQ(ladder[1].after, Duration{30000});
}

TEST(ParseConfig, AbsentLadderIsEveryoneFromTheStart) {
    const auto ladder = example_tenant().tiers.at(2).ladder;  // normal
    ASSERT_EQ(ladder.size(), 1u);
    EXPECT_EQ(ladder[0].after, Duration{0});
    EXPECT_TRUE(ladder[0].everyone);
}

TEST(ParseConfig, AbsentTierKeysMeanUnboundedWaitWithoutUpdates) {
    const model::TierSpec normal = example_tenant().tiers.at(2);
    EXPECT_EQ(normal.max_wait, Duration{0});
    EXPECT_EQ(normal.overflow, OverflowAction::kNone);
    EXPECT_EQ(normal.position_update_interval, Duration{0});
}

TEST(ParseConfig, DefaultTierIsItsIndexAfterSorting) {
    EXPECT_EQ(example_tenant().default_tier, 1);  // member: third in the file, second by priority
}

TEST(ParseConfig, QueueSkillsBecomeASkillSet) {
    const auto t = example_tenant();
    EXPECT_EQ(t.queues.at(0).skills, model::SkillSet::from_bits(0b0100));  // returns
    EXPECT_EQ(t.queues.at(2).skills, model::SkillSet::from_bits(0b1100));  // complaints, returns
    EXPECT_EQ(t.find_queue_for(model::SkillSet::from_bits(0b1100)), 2);
}

TEST(ParseConfig, PlainStrategiesAreMappedWithoutStickyWindow) {
    const auto t = example_tenant();
    EXPECT_EQ(t.queues.at(0).strategy, Strategy::kLeastLoaded);
    EXPECT_EQ(t.queues.at(2).strategy, Strategy::kMostProficient);
    EXPECT_EQ(t.queues.at(0).sticky_window, Duration{0});
}

TEST(ParseConfig, StickyQueueBecomesItsFallbackStrategyWithAWindow) {
    const model::QueueSpec presales = example_tenant().queues.at(1);
    EXPECT_EQ(presales.strategy, Strategy::kLongestIdle);
    EXPECT_EQ(presales.sticky_window, Duration{604800000});
}

TEST(ParseConfig, StickyQueueWithoutFallbackFallsBackToLeastLoaded) {
    const model::QueueSpec orders = example_tenant().queues.at(3);
    EXPECT_EQ(orders.strategy, Strategy::kLeastLoaded);
    EXPECT_EQ(orders.sticky_window, Duration{86400000});
}

TEST(ParseConfig, QueueSlaOverridesTheTierPolicy) {
    const auto t = example_tenant();
    EXPECT_EQ(t.queues.at(1).sla_policy, model::PolicyIndex{0});
    EXPECT_FALSE(t.queues.at(0).sla_policy.has_value());
    const auto member = t.find_tier("member").value();
    EXPECT_EQ(t.policy_for(member, 1).name, "vip");
    EXPECT_EQ(t.policy_for(member, 0).name, "basic");
}

TEST(ParseConfig, QueueTimersAreMapped) {
    const auto t = example_tenant();
    EXPECT_EQ(t.queues.at(0).idle_close, Duration{1800000});
    EXPECT_EQ(t.queues.at(0).accept_timeout, Duration{0});
    EXPECT_EQ(t.queues.at(2).accept_timeout, Duration{15000});
}

TEST(ParseConfig, DefaultQueueIsTheNamedQueue) { EXPECT_EQ(example_tenant().default_queue, 1); }

TEST(ParseConfig, AutoAwayIsMapped) {
    const auto away = example_tenant().auto_away;
    EXPECT_EQ(away.max_misses, 3u);
    EXPECT_EQ(away.window, Duration{600000});
    EXPECT_EQ(away.cooldown, Duration{300000});
}

TEST(ParseConfig, LimitsAreMapped) {
    const auto limits = example_tenant().limits;
    EXPECT_EQ(limits.max_agents, 200u);
    EXPECT_EQ(limits.max_conversations, 5000u);
    EXPECT_EQ(limits.max_queue_length, 1000u);
    EXPECT_EQ(limits.max_sticky_customers, 20000u);
}

TEST(ParseConfig, TemplatesAreMappedById) {
    const auto t = example_tenant();
    ASSERT_EQ(t.templates.size(), 2u);
    EXPECT_EQ(t.templates.at("queue_position"), "You are number {position}, about {wait_s} s.");
}

constexpr std::string_view kMinimal = R"(
tenants:
  - id: shop7
    skills: [presales, returns]
    sla_policies:
      - name: basic
    tiers:
      - name: high
        priority: 5
        sla: basic
      - name: low
        priority: -5
        sla: basic
    queues:
      - name: returns
        skills: [returns]
      - name: presales
        skills: [presales]
)";

TEST(ParseConfig, AbsentEngineSectionTakesDefaults) {
    auto result = parse(kMinimal);
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_EQ(result->engine.shards, 1u);
    EXPECT_EQ(result->engine.io_threads, 1u);
    EXPECT_EQ(result->engine.log_level, "info");
}

TEST(ParseConfig, DefaultTierIsTheLowestPriorityTier) {
    auto result = parse(kMinimal);
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_EQ(result->tenants[0].default_tier, 1);
    EXPECT_EQ(result->tenants[0].tiers[1].priority, -5);
}

TEST(ParseConfig, DefaultQueueIsTheFirstQueue) {
    auto result = parse(kMinimal);
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_EQ(result->tenants[0].default_queue, 0);
}

TEST(ParseConfig, AbsentOptionalSectionsKeepModelDefaults) {
    auto result = parse(kMinimal);
    ASSERT_TRUE(result.ok()) << result.error().message;
    const model::TenantSpec& t = result->tenants[0];
    EXPECT_TRUE(t.groups.empty());
    EXPECT_TRUE(t.templates.empty());
    EXPECT_EQ(t.default_capacity, model::TenantSpec{}.default_capacity);
    EXPECT_EQ(t.max_capacity, model::TenantSpec{}.max_capacity);
    EXPECT_EQ(t.auto_away.max_misses, 0u);
    EXPECT_EQ(t.limits.max_agents, model::TenantLimits{}.max_agents);
    EXPECT_EQ(t.queues[0].strategy, Strategy::kLeastLoaded);
}

TEST(ParseConfig, SeveralTenantsAreParsedInOrder) {
    auto result = parse(R"(
tenants:
  - id: a
    skills: [s]
    sla_policies: [{name: p}]
    tiers: [{name: t, priority: 1, sla: p}]
    queues: [{name: q, skills: [s]}]
  - id: b
    skills: [s]
    sla_policies: [{name: p}]
    tiers: [{name: t, priority: 1, sla: p}]
    queues: [{name: q, skills: [s]}]
)");
    ASSERT_TRUE(result.ok()) << result.error().message;
    ASSERT_EQ(result->tenants.size(), 2u);
    EXPECT_EQ(result->find_tenant("b"), &result->tenants[1]);
}

}  // namespace
}  // namespace switchboard::config::test
