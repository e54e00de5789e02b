// Values that are each well-formed but break a rule between keys: ladder order, overflow with a
// bounded wait, sticky settings, capacities, auto-away, limits, distinct queue skill sets.
#include <string>
#include <string_view>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/config/config_test_support.hpp"

namespace switchboard::config::test {
namespace {

using ::testing::HasSubstr;

// Lines 1-6 of every file below; tests append from line 7 on.
constexpr std::string_view kHead = R"(
tenants:
  - id: shop7
    skills: [presales, returns]
    groups: [vip_team, senior]
    sla_policies:
      - name: basic
)";

std::string with_head(std::string_view rest) { return std::string(kHead) + std::string(rest); }

TEST(ConfigRuleErrors, RejectsFirstLadderStepThatDoesNotStartAtZero) {
    EXPECT_THAT(error_of(with_head(R"(    tiers:
      - name: vip
        priority: 1
        sla: basic
        ladder:
          - after_ms: 5000
            groups: [vip_team]
)")),
                HasSubstr("t.yaml:12:23: tenants[0].tiers[0].ladder[0].after_ms: the first step "
                          "starts when the conversation is queued, expected 0, got 5000"));
}

TEST(ConfigRuleErrors, RejectsLadderStepsThatDoNotIncrease) {
    EXPECT_THAT(error_of(with_head(R"(    tiers:
      - name: vip
        priority: 1
        sla: basic
        ladder:
          - groups: [vip_team]
          - after_ms: 20000
          - after_ms: 20000
)")),
                HasSubstr("t.yaml:14:23: tenants[0].tiers[0].ladder[2].after_ms: expected more "
                          "than the previous step's 20000, got 20000"));
}

TEST(ConfigRuleErrors, RejectsLaterLadderStepWithoutAfterAtTheStep) {
    EXPECT_THAT(error_of(with_head(R"(    tiers:
      - name: vip
        priority: 1
        sla: basic
        ladder:
          - groups: [vip_team]
          - groups: [senior]
)")),
                HasSubstr("t.yaml:13:13: tenants[0].tiers[0].ladder[1]: missing required key "
                          "'after_ms'"));
}

TEST(ConfigRuleErrors, RejectsLadderStepWithEmptyGroupList) {
    EXPECT_THAT(error_of(with_head(R"(    tiers:
      - name: vip
        priority: 1
        sla: basic
        ladder:
          - groups: []
)")),
                HasSubstr("t.yaml:12:21: tenants[0].tiers[0].ladder[0].groups: expected 1..32 "
                          "entries, got 0"));
}

TEST(ConfigRuleErrors, RejectsLadderGroupsAsASingleName) {
    EXPECT_THAT(error_of(with_head(R"(    tiers:
      - name: vip
        priority: 1
        sla: basic
        ladder:
          - groups: vip_team
)")),
                HasSubstr("t.yaml:12:21: tenants[0].tiers[0].ladder[0].groups: expected a list of "
                          "groups or 'everyone', got 'vip_team'"));
}

TEST(ConfigRuleErrors, RejectsOverflowNoneWithBoundedWait) {
    EXPECT_THAT(error_of(with_head(R"(    tiers:
      - name: vip
        priority: 1
        sla: basic
        max_wait_ms: 300000
        overflow: none
)")),
                HasSubstr("t.yaml:12:19: tenants[0].tiers[0].overflow: expected leave_message or "
                          "bot when max_wait_ms > 0, got 'none'"));
}

TEST(ConfigRuleErrors, RejectsMissingOverflowWithBoundedWaitAtTheTier) {
    EXPECT_THAT(error_of(with_head(R"(    tiers:
      - name: vip
        priority: 1
        sla: basic
        max_wait_ms: 300000
)")),
                HasSubstr("t.yaml:8:9: tenants[0].tiers[0]: missing required key 'overflow', "
                          "expected leave_message or bot when max_wait_ms > 0"));
}

TEST(ConfigRuleErrors, RejectsUnknownOverflowAction) {
    EXPECT_THAT(error_of(with_head(R"(    tiers:
      - name: vip
        priority: 1
        sla: basic
        overflow: email
)")),
                HasSubstr("t.yaml:11:19: tenants[0].tiers[0].overflow: expected one of "
                          "none|leave_message|bot, got 'email'"));
}

TEST(ConfigRuleErrors, RejectsUnknownStrategy) {
    EXPECT_THAT(error_of(with_head(R"(    queues:
      - name: returns
        skills: [returns]
        strategy: fastest
)")),
                HasSubstr("t.yaml:10:19: tenants[0].queues[0].strategy: expected one of "
                          "least_loaded|longest_idle|round_robin|most_proficient|sticky, got "
                          "'fastest'"));
}

TEST(ConfigRuleErrors, RejectsFallbackWithoutSticky) {
    EXPECT_THAT(error_of(with_head(R"(    queues:
      - name: returns
        skills: [returns]
        strategy: least_loaded
        fallback: round_robin
)")),
                HasSubstr("t.yaml:11:19: tenants[0].queues[0].fallback: only allowed with "
                          "strategy sticky"));
}

TEST(ConfigRuleErrors, RejectsStickyWindowWithoutSticky) {
    EXPECT_THAT(error_of(with_head(R"(    queues:
      - name: returns
        skills: [returns]
        sticky_window_ms: 60000
)")),
                HasSubstr("t.yaml:10:27: tenants[0].queues[0].sticky_window_ms: only allowed with "
                          "strategy sticky"));
}

TEST(ConfigRuleErrors, RejectsStickyWithoutWindowAtTheQueue) {
    EXPECT_THAT(error_of(with_head(R"(    queues:
      - name: presales
        skills: [presales]
        strategy: sticky
)")),
                HasSubstr("t.yaml:8:9: tenants[0].queues[0]: missing required key "
                          "'sticky_window_ms', required with strategy sticky"));
}

TEST(ConfigRuleErrors, RejectsStickyWithZeroWindow) {
    EXPECT_THAT(error_of(with_head(R"(    queues:
      - name: presales
        skills: [presales]
        strategy: sticky
        sticky_window_ms: 0
)")),
                HasSubstr("t.yaml:11:27: tenants[0].queues[0].sticky_window_ms: expected > 0 with "
                          "strategy sticky, got 0"));
}

TEST(ConfigRuleErrors, RejectsStickyAsItsOwnFallback) {
    EXPECT_THAT(error_of(with_head(R"(    queues:
      - name: presales
        skills: [presales]
        strategy: sticky
        fallback: sticky
        sticky_window_ms: 60000
)")),
                HasSubstr("t.yaml:11:19: tenants[0].queues[0].fallback: expected one of "
                          "least_loaded|longest_idle|round_robin|most_proficient, got 'sticky'"));
}

TEST(ConfigRuleErrors, RejectsQueueWithoutSkills) {
    EXPECT_THAT(error_of(with_head(R"(    queues:
      - name: presales
        skills: []
)")),
                HasSubstr("t.yaml:9:17: tenants[0].queues[0].skills: expected 1..64 entries, got "
                          "0"));
}

TEST(ConfigRuleErrors, RejectsTwoQueuesWithTheSameSkillsNamingBoth) {
    EXPECT_THAT(error_of(with_head(R"(    queues:
      - name: returns
        skills: [returns, presales]
      - name: refunds
        skills: [presales, returns]
)")),
                HasSubstr("t.yaml:11:17: tenants[0].queues[1].skills: same skills as queue "
                          "'returns' at t.yaml:9:17, expected a distinct skill set per queue"));
}

TEST(ConfigRuleErrors, RejectsDefaultCapacityAboveMaxCapacity) {
    EXPECT_THAT(error_of(with_head(R"(    agents:
      default_capacity: 20
      max_capacity: 12
)")),
                HasSubstr("t.yaml:8:25: tenants[0].agents.default_capacity: default_capacity 20 "
                          "exceeds max_capacity 12, expected default <= max"));
}

TEST(ConfigRuleErrors, RejectsMaxCapacityBelowTheImplicitDefault) {
    EXPECT_THAT(error_of(with_head(R"(    agents:
      max_capacity: 3
)")),
                HasSubstr("t.yaml:8:21: tenants[0].agents.max_capacity: default_capacity 5 (the "
                          "default) exceeds max_capacity 3"));
}

TEST(ConfigRuleErrors, RejectsMaxCapacityAboveOneThousand) {
    EXPECT_THAT(error_of(with_head(R"(    agents:
      max_capacity: 1001
)")),
                HasSubstr("t.yaml:8:21: tenants[0].agents.max_capacity: out of range, expected "
                          "1..1000, got 1001"));
}

TEST(ConfigRuleErrors, RejectsZeroDefaultCapacity) {
    EXPECT_THAT(error_of(with_head(R"(    agents:
      default_capacity: 0
)")),
                HasSubstr("t.yaml:8:25: tenants[0].agents.default_capacity: out of range, expected "
                          "1..1000, got 0"));
}

TEST(ConfigRuleErrors, RejectsAutoAwayMissesWithZeroWindow) {
    EXPECT_THAT(error_of(with_head(R"(    auto_away:
      max_misses: 3
      window_ms: 0
)")),
                HasSubstr("t.yaml:9:18: tenants[0].auto_away.window_ms: expected > 0 when "
                          "max_misses > 0, got 0"));
}

TEST(ConfigRuleErrors, RejectsAutoAwayMissesWithoutWindowAtTheSection) {
    EXPECT_THAT(error_of(with_head(R"(    auto_away:
      max_misses: 3
)")),
                HasSubstr("t.yaml:8:7: tenants[0].auto_away: missing required key 'window_ms', "
                          "expected > 0 when max_misses > 0"));
}

TEST(ConfigRuleErrors, RejectsZeroLimit) {
    EXPECT_THAT(error_of(with_head(R"(    limits:
      max_queue_length: 0
)")),
                HasSubstr("t.yaml:8:25: tenants[0].limits.max_queue_length: out of range, "
                          "expected >= 1, got 0"));
}

TEST(ConfigRuleErrors, RejectsLimitAboveThirtyTwoBits) {
    EXPECT_THAT(error_of(with_head(R"(    limits:
      max_agents: 4294967296
)")),
                HasSubstr("t.yaml:8:19: tenants[0].limits.max_agents: out of range, expected <= "
                          "4294967295, got 4294967296"));
}

}  // namespace
}  // namespace switchboard::config::test
