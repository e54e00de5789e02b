// How errors are reported as a whole: all of a file at once, ordered by position, capped, and
// without cascades from one broken list.
#include <algorithm>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/config/config_test_support.hpp"

namespace switchboard::config::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(ConfigErrorReport, ReportsEveryErrorOfTheFileOnePerLineInFileOrder) {
    EXPECT_EQ(error_of(R"(
engine:
  log_level: loud
tenants:
  - id: shop7
    skills: [presales]
    sla_policies:
      - name: basic
        warn_at: 2
    tiers:
      - name: normal
        priority: high
        sla: basic
    queues:
      - name: presales
        skills: [presales]
        strategy: fastest
)"),
              "t.yaml:2:14: engine.log_level: expected one of trace|debug|info|warn|error, got "
              "'loud'\n"
              "t.yaml:8:18: tenants[0].sla_policies[0].warn_at: out of range, expected 0 <= x < "
              "1, got 2\n"
              "t.yaml:11:19: tenants[0].tiers[0].priority: expected an integer, got 'high'\n"
              "t.yaml:16:19: tenants[0].queues[0].strategy: expected one of "
              "least_loaded|longest_idle|round_robin|most_proficient|sticky, got 'fastest'");
}

TEST(ConfigErrorReport, OrdersErrorsByPositionNotByDiscovery) {
    // Policies are parsed before tiers although the file lists tiers first.
    const std::string message = error_of(R"(
tenants:
  - id: shop7
    skills: [presales]
    tiers:
      - {name: normal, priority: x, sla: basic}
    sla_policies:
      - {name: basic, warn_at: x}
    queues:
      - {name: presales, skills: [presales]}
)");
    EXPECT_LT(message.find("t.yaml:5:"), message.find("t.yaml:7:"));
}

TEST(ConfigErrorReport, ShowsAtMostFiftyErrorsAndCountsTheRest) {
    std::string text = "tenants:\n  - id: shop7\n    skills: [s]\n    templates:\n";
    for (int i = 0; i < 60; ++i) text += "      t" + std::to_string(i) + ": [x]\n";
    const std::string message = error_of(text);
    EXPECT_EQ(std::count(message.begin(), message.end(), '\n'), 50);
    EXPECT_THAT(message, HasSubstr("\nt.yaml: 13 more errors not shown (at most 50)"));
}

TEST(ConfigErrorReport, ReferencesIntoABrokenListAreNotReportedAgain) {
    const std::string message = error_of(R"(
tenants:
  - id: shop7
    skills: presales
    sla_policies:
      - name: basic
    tiers:
      - {name: normal, priority: 1, sla: basic}
    queues:
      - {name: presales, skills: [presales]}
)");
    EXPECT_EQ(message, "t.yaml:3:13: tenants[0].skills: expected a list, got 'presales'");
}

TEST(ConfigErrorReport, MissingRequiredListDoesNotCascadeIntoUnknownReferences) {
    const std::string message = error_of(R"(
tenants:
  - id: shop7
    skills: [presales]
    tiers:
      - {name: normal, priority: 1, sla: basic}
    queues:
      - {name: presales, skills: [presales]}
)");
    EXPECT_EQ(message, "t.yaml:2:5: tenants[0]: missing required key 'sla_policies'");
    EXPECT_THAT(message, Not(HasSubstr("unknown")));
}

TEST(ConfigErrorReport, QueueWithAnUnknownSkillIsNotAlsoReportedAsADuplicateSet) {
    EXPECT_EQ(error_of(R"(
tenants:
  - id: shop7
    skills: [returns]
    sla_policies:
      - name: basic
    tiers:
      - {name: normal, priority: 1, sla: basic}
    queues:
      - {name: returns, skills: [returns]}
      - {name: refunds, skills: [returns, refunds]}
)"),
              "t.yaml:10:43: tenants[0].queues[1].skills[1]: unknown skill 'refunds' "
              "(known: returns)");
}

TEST(ConfigErrorReport, BadTenantDoesNotHideErrorsInTheNextOne) {
    const std::string message = error_of(R"(
tenants:
  - 42
  - id: shop8
    skills: [presales, presales]
)");
    EXPECT_THAT(message, HasSubstr("t.yaml:2:5: tenants[0]: expected a mapping, got '42'"));
    EXPECT_THAT(message, HasSubstr("t.yaml:4:24: tenants[1].skills[1]: duplicate skill"));
}

}  // namespace
}  // namespace switchboard::config::test
