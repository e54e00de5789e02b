// Files whose shape or values do not fit the schema: wrong types, out-of-range numbers, unknown or
// repeated keys, YAML syntax. Each error names FILE:LINE:COL and the key path.
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/config/config_test_support.hpp"

namespace switchboard::config::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(ConfigSchemaErrors, RejectsTextWhereIntegerExpectedWithLineAndKey) {
    const std::string message = error_of(R"(
tenants:
  - id: shop7
    skills: [presales, returns]
    sla_policies:
      - name: basic
    tiers:
      - name: normal
        priority: high
        sla: basic
    queues:
      - name: returns
        skills: [returns]
)");
    EXPECT_EQ(message,
              "t.yaml:8:19: tenants[0].tiers[0].priority: expected an integer, got 'high'");
}

TEST(ConfigSchemaErrors, RejectsMappingWhereListExpected) {
    EXPECT_THAT(error_of(R"(
tenants:
  id: shop7
)"),
                HasSubstr("t.yaml:2:3: tenants: expected a list, got a mapping"));
}

TEST(ConfigSchemaErrors, RejectsListWhereMappingExpected) {
    EXPECT_THAT(error_of(R"(
engine: [1, 2]
tenants: []
)"),
                HasSubstr("t.yaml:1:9: engine: expected a mapping, got a list"));
}

TEST(ConfigSchemaErrors, RejectsMappingWhereScalarExpected) {
    EXPECT_THAT(error_of(R"(
engine:
  shards: {n: 2}
tenants: []
)"),
                HasSubstr("t.yaml:2:11: engine.shards: expected an integer, got a mapping"));
}

TEST(ConfigSchemaErrors, RejectsEmptyValueWhereIntegerExpectedAtItsKey) {
    EXPECT_THAT(error_of(R"(
engine:
  shards:
tenants: []
)"),
                HasSubstr("t.yaml:2:3: engine.shards: expected an integer, got an empty value"));
}

TEST(ConfigSchemaErrors, RejectsFractionalInteger) {
    EXPECT_THAT(error_of(R"(
engine:
  io_threads: 1.5
tenants: []
)"),
                HasSubstr("t.yaml:2:15: engine.io_threads: expected an integer, got '1.5'"));
}

TEST(ConfigSchemaErrors, RejectsMoreIoThreadsThanTheServerRuns) {
    EXPECT_THAT(error_of(R"(
engine:
  io_threads: 2
tenants: []
)"),
                HasSubstr("t.yaml:2:15: engine.io_threads: expected 1: this version serves every "
                          "gateway connection from one I/O thread, got 2"));
}

TEST(ConfigSchemaErrors, RejectsOutOfRangeShards) {
    EXPECT_THAT(error_of(R"(
engine:
  shards: 65
tenants: []
)"),
                HasSubstr("t.yaml:2:11: engine.shards: out of range, expected 1..64, got 65"));
}

TEST(ConfigSchemaErrors, RejectsIntegerTooLargeForAnyType) {
    EXPECT_THAT(error_of(R"(
engine:
  shards: 99999999999999999999999
tenants: []
)"),
                HasSubstr("t.yaml:2:11: engine.shards: out of range, expected 1..64"));
}

TEST(ConfigSchemaErrors, RejectsUnknownLogLevel) {
    EXPECT_THAT(error_of(R"(
engine:
  log_level: loud
tenants: []
)"),
                HasSubstr("t.yaml:2:14: engine.log_level: expected one of "
                          "trace|debug|info|warn|error, got 'loud'"));
}

TEST(ConfigSchemaErrors, RejectsNegativeDuration) {
    EXPECT_THAT(error_of(R"(
tenants:
  - id: shop7
    skills: [presales]
    sla_policies:
      - name: basic
        first_reply_ms: -3
)"),
                HasSubstr("t.yaml:6:25: tenants[0].sla_policies[0].first_reply_ms: out of range, "
                          "expected >= 0, got -3"));
}

TEST(ConfigSchemaErrors, RejectsDurationWithUnit) {
    EXPECT_THAT(error_of(R"(
tenants:
  - id: shop7
    sla_policies:
      - name: basic
        next_reply_ms: 30s
)"),
                HasSubstr("t.yaml:5:24: tenants[0].sla_policies[0].next_reply_ms: expected whole "
                          "milliseconds, got '30s'"));
}

TEST(ConfigSchemaErrors, RejectsDurationLongerThanAYear) {
    EXPECT_THAT(error_of(R"(
tenants:
  - id: shop7
    sla_policies:
      - name: basic
        next_reply_ms: 31622400001
)"),
                HasSubstr("t.yaml:5:24: tenants[0].sla_policies[0].next_reply_ms: out of range, "
                          "expected <= 31622400000, got 31622400001"));
}

TEST(ConfigSchemaErrors, RejectsWarnAtOfOne) {
    EXPECT_THAT(error_of(R"(
tenants:
  - id: shop7
    sla_policies:
      - name: basic
        warn_at: 1
)"),
                HasSubstr("t.yaml:5:18: tenants[0].sla_policies[0].warn_at: out of range, "
                          "expected 0 <= x < 1, got 1"));
}

TEST(ConfigSchemaErrors, RejectsWarnAtThatIsNotANumber) {
    EXPECT_THAT(error_of(R"(
tenants:
  - id: shop7
    sla_policies:
      - name: basic
        warn_at: 70%
)"),
                HasSubstr("t.yaml:5:18: tenants[0].sla_policies[0].warn_at: expected a fraction "
                          "in [0, 1), got '70%'"));
}

TEST(ConfigSchemaErrors, RejectsYesAsBoolean) {
    EXPECT_THAT(error_of(R"(
tenants:
  - id: shop7
    sla_policies:
      - name: basic
        reassign_on_miss: yes
)"),
                HasSubstr("t.yaml:5:27: tenants[0].sla_policies[0].reassign_on_miss: expected "
                          "true or false, got 'yes'"));
}

TEST(ConfigSchemaErrors, RejectsMaxReassignmentsAboveSixteen) {
    EXPECT_THAT(error_of(R"(
tenants:
  - id: shop7
    sla_policies:
      - name: basic
        max_reassignments: 17
)"),
                HasSubstr("t.yaml:5:28: tenants[0].sla_policies[0].max_reassignments: out of "
                          "range, expected 0..16, got 17"));
}

TEST(ConfigSchemaErrors, RejectsUnknownTopLevelKeyNamingIt) {
    EXPECT_THAT(error_of(R"(
tenants: []
profiles: {}
)"),
                HasSubstr("t.yaml:2:1: profiles: unknown key, expected one of engine, server, "
                          "gateways, tenants"));
}

TEST(ConfigSchemaErrors, RejectsUnknownNestedKeyNamingItsPath) {
    EXPECT_THAT(error_of(R"(
tenants:
  - id: shop7
    queues:
      - name: returns
        stratgy: round_robin
)"),
                HasSubstr("t.yaml:5:9: tenants[0].queues[0].stratgy: unknown key, expected one "
                          "of name, skills, strategy,"));
}

TEST(ConfigSchemaErrors, RejectsRepeatedKeyNamingBothLines) {
    EXPECT_THAT(error_of(R"(
engine:
  shards: 2
  shards: 4
tenants: []
)"),
                HasSubstr("t.yaml:3:3: engine.shards: duplicate key, first given at t.yaml:2:3"));
}

TEST(ConfigSchemaErrors, RejectsNameWithSpaces) {
    EXPECT_THAT(error_of(R"(
tenants:
  - id: shop 7
)"),
                HasSubstr("t.yaml:2:9: tenants[0].id: expected a name without spaces or control "
                          "characters, got 'shop 7'"));
}

TEST(ConfigSchemaErrors, RejectsMissingTenantsAtTheDocument) {
    EXPECT_EQ(error_of(R"(
engine:
  shards: 1
)"),
              "t.yaml:1:1: missing required key 'tenants'");
}

TEST(ConfigSchemaErrors, RejectsMissingRequiredKeyAtItsParentMapping) {
    EXPECT_THAT(error_of(R"(
tenants:
  - id: shop7
    skills: [presales]
    sla_policies:
      - name: basic
    tiers:
      - name: normal
        sla: basic
    queues:
      - name: presales
        skills: [presales]
)"),
                HasSubstr("t.yaml:7:9: tenants[0].tiers[0]: missing required key 'priority'"));
}

TEST(ConfigSchemaErrors, RejectsEmptyTenantList) {
    EXPECT_EQ(error_of("tenants: []\n"), "t.yaml:1:10: tenants: expected 1..10000 entries, got 0");
}

TEST(ConfigSchemaErrors, RejectsSeventeenTiers) {
    std::string text = "tenants:\n  - id: shop7\n    tiers:\n";
    for (int i = 0; i < 17; ++i) text += "      - {name: t" + std::to_string(i) + "}\n";
    EXPECT_THAT(error_of(text),
                HasSubstr("t.yaml:4:7: tenants[0].tiers: expected 1..16 entries, got 17"));
}

TEST(ConfigSchemaErrors, RejectsEmptyDocument) {
    EXPECT_EQ(error_of("# nothing here\n"),
              "t.yaml:1:1: expected a mapping with 'tenants', got an empty document");
}

TEST(ConfigSchemaErrors, RejectsScalarDocument) {
    EXPECT_EQ(error_of("hello\n"), "t.yaml:1:1: expected a mapping, got 'hello'");
}

TEST(ConfigSchemaErrors, RejectsSecondDocument) {
    EXPECT_EQ(error_of("tenants: []\n---\ntenants: []\n"),
              "t.yaml:3:1: expected one YAML document, got 2");
}

TEST(ConfigSchemaErrors, RejectsYamlSyntaxErrorWithLineAndColumn) {
    EXPECT_THAT(error_of(R"(
tenants:
  - id: shop7
    skills: [presales, returns
    tiers: []
)"),
                HasSubstr("t.yaml:4:10: YAML syntax error: "));
}

TEST(ConfigSchemaErrors, RejectsBadIndentationAsSyntaxError) {
    EXPECT_THAT(error_of("engine:\n  shards: 1\n   io_threads: 2\n"),
                HasSubstr("t.yaml:3:14: YAML syntax error: illegal map value"));
}

TEST(ConfigSchemaErrors, DeeplyNestedInputIsAnErrorNotACrash) {
    const std::string text = "tenants: " + std::string(5000, '[') + std::string(5000, ']') + "\n";
    const std::string message = error_of(text);
    EXPECT_THAT(message, HasSubstr("t.yaml:"));
    EXPECT_THAT(message, Not(HasSubstr("\n")));
}

}  // namespace
}  // namespace switchboard::config::test
