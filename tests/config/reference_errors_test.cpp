// Names that refer to something the tenant does not define, and names defined twice. Unknown
// references list what is known; duplicates point at both definitions.
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/config/config_test_support.hpp"

namespace switchboard::config::test {
namespace {

using ::testing::HasSubstr;

TEST(ConfigReferenceErrors, RejectsUnknownSkillInQueueWithLineAndKey) {
    EXPECT_EQ(error_of(R"(
tenants:
  - id: shop7
    skills: [presales, orders, returns]
    sla_policies:
      - name: basic
    tiers:
      - name: normal
        priority: 1
        sla: basic
    queues:
      - name: refunds
        skills: [refunds]
)"),
              "t.yaml:12:18: tenants[0].queues[0].skills[0]: unknown skill 'refunds' "
              "(known: presales, orders, returns)");
}

// The tenant every test below edits: valid as it stands.
constexpr std::string_view kHead = R"(
tenants:
  - id: shop7
    skills: [presales, returns]
    groups: [vip_team, senior]
    templates:
      sorry: "Sorry for the wait."
    sla_policies:
      - name: basic
)";

std::string with_head(std::string_view rest) { return std::string(kHead) + std::string(rest); }

TEST(ConfigReferenceErrors, RejectsUnknownGroupInLadder) {
    EXPECT_THAT(error_of(with_head(R"(    tiers:
      - name: vip
        priority: 1
        sla: basic
        ladder:
          - groups: [vip_team, seniors]
)")),
                HasSubstr("t.yaml:14:32: tenants[0].tiers[0].ladder[0].groups[1]: unknown group "
                          "'seniors' (known: vip_team, senior)"));
}

TEST(ConfigReferenceErrors, RejectsUnknownPolicyInTier) {
    EXPECT_THAT(error_of(with_head(R"(    tiers:
      - name: vip
        priority: 1
        sla: gold
)")),
                HasSubstr("t.yaml:12:14: tenants[0].tiers[0].sla: unknown sla policy 'gold' "
                          "(known: basic)"));
}

TEST(ConfigReferenceErrors, RejectsUnknownPolicyInQueue) {
    EXPECT_THAT(error_of(with_head(R"(    queues:
      - name: returns
        skills: [returns]
        sla: strict
)")),
                HasSubstr("t.yaml:12:14: tenants[0].queues[0].sla: unknown sla policy 'strict' "
                          "(known: basic)"));
}

TEST(ConfigReferenceErrors, RejectsUnknownDefaultTier) {
    EXPECT_THAT(error_of(with_head(R"(    tiers:
      - name: normal
        priority: 1
        sla: basic
    default_tier: vip
)")),
                HasSubstr("t.yaml:13:19: tenants[0].default_tier: unknown tier 'vip' "
                          "(known: normal)"));
}

TEST(ConfigReferenceErrors, RejectsUnknownDefaultQueue) {
    EXPECT_THAT(error_of(with_head(R"(    queues:
      - name: returns
        skills: [returns]
    default_queue: presales
)")),
                HasSubstr("t.yaml:12:20: tenants[0].default_queue: unknown queue 'presales' "
                          "(known: returns)"));
}

TEST(ConfigReferenceErrors, RejectsUnknownApologyTemplate) {
    EXPECT_THAT(error_of(R"(
tenants:
  - id: shop7
    templates:
      sorry: "Sorry for the wait."
    sla_policies:
      - name: basic
        apology_template: apology
)"),
                HasSubstr("t.yaml:7:27: tenants[0].sla_policies[0].apology_template: unknown "
                          "template 'apology' (known: sorry)"));
}

TEST(ConfigReferenceErrors, RejectsDuplicateTenantIdNamingBothLines) {
    EXPECT_THAT(error_of(R"(
tenants:
  - id: shop7
  - id: shop7
)"),
                HasSubstr("t.yaml:3:9: tenants[1].id: duplicate tenant id 'shop7', first defined "
                          "at t.yaml:2:9"));
}

TEST(ConfigReferenceErrors, RejectsDuplicateSkillNamingBothPlaces) {
    EXPECT_THAT(error_of(R"(
tenants:
  - id: shop7
    skills: [presales, returns, presales]
)"),
                HasSubstr("t.yaml:3:33: tenants[0].skills[2]: duplicate skill 'presales', first "
                          "defined at t.yaml:3:14"));
}

TEST(ConfigReferenceErrors, RejectsDuplicatePolicyNameNamingBothLines) {
    EXPECT_THAT(error_of(R"(
tenants:
  - id: shop7
    sla_policies:
      - name: basic
      - name: basic
)"),
                HasSubstr("t.yaml:5:15: tenants[0].sla_policies[1].name: duplicate sla policy "
                          "'basic', first defined at t.yaml:4:15"));
}

TEST(ConfigReferenceErrors, RejectsDuplicateTierNameNamingBothLines) {
    EXPECT_THAT(error_of(with_head(R"(    tiers:
      - {name: vip, priority: 2, sla: basic}
      - {name: vip, priority: 1, sla: basic}
)")),
                HasSubstr("t.yaml:11:16: tenants[0].tiers[1].name: duplicate tier 'vip', first "
                          "defined at t.yaml:10:16"));
}

TEST(ConfigReferenceErrors, RejectsDuplicateQueueNameNamingBothLines) {
    EXPECT_THAT(error_of(with_head(R"(    queues:
      - {name: q, skills: [presales]}
      - {name: q, skills: [returns]}
)")),
                HasSubstr("t.yaml:11:16: tenants[0].queues[1].name: duplicate queue 'q', first "
                          "defined at t.yaml:10:16"));
}

TEST(ConfigReferenceErrors, RejectsDuplicateTemplateIdNamingBothLines) {
    EXPECT_THAT(error_of(R"(
tenants:
  - id: shop7
    templates:
      sorry: "Sorry."
      sorry: "So sorry."
)"),
                HasSubstr("t.yaml:5:7: tenants[0].templates.sorry: duplicate key, first given at "
                          "t.yaml:4:7"));
}

TEST(ConfigReferenceErrors, RejectsGroupNamedEveryone) {
    EXPECT_THAT(error_of(R"(
tenants:
  - id: shop7
    groups: [senior, everyone]
)"),
                HasSubstr("t.yaml:3:22: tenants[0].groups[1]: 'everyone' is reserved, expected "
                          "another name"));
}

}  // namespace
}  // namespace switchboard::config::test
