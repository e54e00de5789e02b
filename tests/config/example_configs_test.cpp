// The example configs shipped in config/ must always load: operators copy them as a start.
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "engine/config/parse_config.hpp"

namespace switchboard::config::test {
namespace {

using base::Duration;

// Reading files is the test's job: sb_config itself only parses text.
base::Result<Snapshot> parse_file(const std::string& relative_path) {
    const std::string path = std::string(SB_SOURCE_DIR) + "/" + relative_path;
    std::ifstream file(path);
    EXPECT_TRUE(file.good()) << "cannot open " << path;
    std::ostringstream text;
    text << file.rdbuf();
    return parse_config(text.str(), relative_path);
}

TEST(ExampleConfigs, DefaultConfigIsValid) {
    const auto result = parse_file("config/default.yaml");
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_EQ(result->source, "config/default.yaml");
    EXPECT_FALSE(result->tenants.empty());
}

TEST(ExampleConfigs, DefaultConfigServesVipFirstWithAWideningLadder) {
    const auto result = parse_file("config/default.yaml");
    ASSERT_TRUE(result.ok()) << result.error().message;
    const model::TenantSpec& shop = result->tenants.front();
    ASSERT_EQ(shop.tiers.size(), 3u);
    EXPECT_EQ(shop.tiers[0].name, "vip");
    const auto& ladder = shop.tiers[0].ladder;
    ASSERT_EQ(ladder.size(), 3u);
    EXPECT_EQ(ladder[1].after, Duration{20000});
    EXPECT_TRUE(ladder[2].everyone);
    EXPECT_EQ(shop.tiers[shop.default_tier].name, "normal");
}

TEST(ExampleConfigs, DefaultConfigRemembersPresalesCustomersForAWeek) {
    const auto result = parse_file("config/default.yaml");
    ASSERT_TRUE(result.ok()) << result.error().message;
    const model::TenantSpec& shop = result->tenants.front();
    const auto presales = shop.find_queue("presales");
    ASSERT_TRUE(presales.has_value());
    EXPECT_EQ(shop.queues[*presales].sticky_window, Duration{7LL * 24 * 3600 * 1000});
    EXPECT_EQ(shop.default_queue, *presales);
}

TEST(ExampleConfigs, DefaultConfigHasTheTemplatesItsPoliciesAndTiersUse) {
    const auto result = parse_file("config/default.yaml");
    ASSERT_TRUE(result.ok()) << result.error().message;
    const model::TenantSpec& shop = result->tenants.front();
    EXPECT_TRUE(shop.templates.contains("apology_delay"));
    EXPECT_TRUE(shop.templates.contains("leave_message"));
    ASSERT_TRUE(shop.templates.contains("queue_position"));
    EXPECT_NE(shop.templates.at("queue_position").find("{position}"), std::string::npos);
    EXPECT_NE(shop.templates.at("queue_position").find("{wait_s}"), std::string::npos);
}

TEST(ExampleConfigs, PeakSaleConfigIsValid) {
    const auto result = parse_file("config/examples/peak-sale.yaml");
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_FALSE(result->tenants.empty());
}

TEST(ExampleConfigs, PeakSaleConfigOverflowsToTheBotAndRaisesCapacity) {
    const auto peak = parse_file("config/examples/peak-sale.yaml");
    const auto normal = parse_file("config/default.yaml");
    ASSERT_TRUE(peak.ok()) << peak.error().message;
    ASSERT_TRUE(normal.ok()) << normal.error().message;
    const model::TenantSpec& shop = peak->tenants.front();
    EXPECT_GT(shop.max_capacity, normal->tenants.front().max_capacity);
    const model::TierSpec& lowest = shop.tiers.back();
    EXPECT_EQ(lowest.overflow, model::OverflowAction::kBot);
}

}  // namespace
}  // namespace switchboard::config::test
