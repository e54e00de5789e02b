// Scenario files: what parses, and errors that name the file, line, column and key.
#include <string>

#include <gtest/gtest.h>

#include "engine/sim/scenario.hpp"

#include "tests/sim/sim_test_support.hpp"

namespace switchboard::sim {
namespace {

// Line numbers below count from the first line of this text.
constexpr std::string_view kScenario = R"(name: t
tenant: shop
duration_ms: 3600000
arrivals:
  profile: flat
  per_hour: 60
mix:
  tiers: {vip: 1, normal: 3}
agents:
  - name: a
    count: 2
    skills: {chat: 5}
    groups: [team]
)";

std::string with(std::string_view from, std::string_view to) {
    std::string text(kScenario);
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
    return text;
}

std::string parse_error(const std::string& text) {
    const auto parsed = parse_scenario(text, "day.yaml");
    if (parsed.ok()) return "parsed";
    return parsed.error().message;
}

std::string validation_error(const std::string& text) {
    const auto parsed = parse_scenario(text, "day.yaml");
    if (!parsed.ok()) return parsed.error().message;
    const auto config = testing::router_config_text(testing::small_shop_yaml("first_reply_ms: 0"));
    const base::Status valid = validate_scenario(*parsed, *config);
    return valid.ok() ? "valid" : valid.error().message;
}

TEST(ScenarioParse, ReadsEveryPart) {
    const auto parsed = parse_scenario(kScenario, "day.yaml");
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    EXPECT_EQ(parsed->name, "t");
    EXPECT_EQ(parsed->tenant, "shop");
    EXPECT_EQ(parsed->duration_ms, 3'600'000);
    EXPECT_EQ(parsed->arrivals.profile, ProfileKind::kFlat);
    EXPECT_DOUBLE_EQ(parsed->arrivals.per_hour, 60);
    ASSERT_EQ(parsed->tier_mix.size(), 2u);
    EXPECT_EQ(parsed->tier_mix[1].name, "normal");
    EXPECT_DOUBLE_EQ(parsed->tier_mix[1].weight, 3);
    ASSERT_EQ(parsed->agents.size(), 1u);
    EXPECT_EQ(parsed->agents[0].count, 2u);
    EXPECT_EQ(parsed->agents[0].skills.at(0).skill, "chat");
    EXPECT_EQ(parsed->source, "day.yaml");
    EXPECT_EQ(validation_error(std::string(kScenario)), "valid");
}

TEST(ScenarioParse, UnknownTierNamesFileLineColumnAndKey) {
    EXPECT_EQ(validation_error(with("vip: 1", "gold: 1")),
              "day.yaml:8:11: mix.tiers.gold: unknown tier 'gold', expected one of vip|normal");
}

TEST(ScenarioParse, UnknownSkillAndGroupAreReportedTogether) {
    EXPECT_EQ(validation_error(with("{chat: 5}", "{phone: 5}")),
              "day.yaml:12:14: agents[0].skills.phone: unknown skill 'phone', expected one of "
              "chat");
    EXPECT_EQ(validation_error(with("[team]", "[teem]")),
              "day.yaml:13:14: agents[0].groups[0]: unknown group 'teem', expected one of team");
}

TEST(ScenarioParse, UnknownTenantIsNamed) {
    EXPECT_EQ(validation_error(with("tenant: shop", "tenant: shoe")),
              "day.yaml:2:9: tenant: tenant 'shoe' is not in test.yaml, expected one of shop");
}

TEST(ScenarioParse, NegativeRateIsOutOfRange) {
    EXPECT_EQ(parse_error(with("per_hour: 60", "per_hour: -5")),
              "day.yaml:6:13: arrivals.per_hour: out of range, expected 0..10000000, got -5");
}

TEST(ScenarioParse, WrongTypeSaysWhatWasExpected) {
    EXPECT_EQ(parse_error(with("count: 2", "count: many")),
              "day.yaml:11:12: agents[0].count: expected an integer, got 'many'");
    EXPECT_EQ(parse_error(with("profile: flat", "profile: [flat]")),
              "day.yaml:5:12: arrivals.profile: expected one of flat|business_day|peak_sale|"
              "hourly, got a list");
}

TEST(ScenarioParse, EveryErrorIsReportedAtOnce) {
    const std::string text = with("per_hour: 60", "per_hour: -5\n  surge_factor: 3");
    const std::string message = parse_error(with("count: 2", "count: 0"));
    EXPECT_NE(message.find("agents[0].count: out of range"), std::string::npos) << message;
    const std::string both = parse_error(text);
    EXPECT_NE(both.find("arrivals.per_hour"), std::string::npos) << both;
    EXPECT_NE(both.find("arrivals.surge_factor: only applies to profile 'peak_sale'"),
              std::string::npos)
        << both;
}

TEST(ScenarioParse, UnknownKeyIsAnError) {
    const std::string message = parse_error(with("count: 2", "count: 2\n    cout: 3"));
    EXPECT_NE(message.find("day.yaml:12:5: agents[0].cout: unknown key"), std::string::npos)
        << message;
}

TEST(ScenarioParse, DistributionKeysFollowTheKind) {
    const std::string ok = with("count: 2",
                                "count: 2\n    reply_time: {distribution: lognormal, "
                                "mean_ms: 10000, spread: 0.5}");
    const auto parsed = parse_scenario(ok, "day.yaml");
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    EXPECT_NEAR(parsed->agents[0].reply_time_ms.mean(), 10000, 1e-6);
    const std::string wrong =
        with("count: 2", "count: 2\n    reply_time: {distribution: exponential, median_ms: 5}");
    const std::string message = parse_error(wrong);
    EXPECT_NE(message.find("agents[0].reply_time.median_ms: does not apply to distribution "
                           "'exponential'"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("agents[0].reply_time: missing required key 'mean_ms'"),
              std::string::npos)
        << message;
}

TEST(ScenarioParse, PatienceNoneMeansCustomersWaitForever) {
    const auto parsed =
        parse_scenario(with("mix:", "customers:\n  patience: none\nmix:"), "day.yaml");
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    EXPECT_TRUE(parsed->customers.patient);
}

TEST(ScenarioParse, SyntaxErrorIsLocated) {
    const std::string message = parse_error("name: [unclosed\n");
    EXPECT_EQ(message.rfind("day.yaml:", 0), 0u) << message;
    EXPECT_NE(message.find("YAML syntax error"), std::string::npos) << message;
}

}  // namespace
}  // namespace switchboard::sim
