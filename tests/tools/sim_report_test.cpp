#include "tools/sim_report.hpp"

#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace switchboard::tools {
namespace {

sim::SimResult small_result(std::uint64_t conversations) {
    sim::SimResult r;
    r.scenario = "business-day";
    r.config_source = "default.yaml";
    r.seed = 11;
    r.simulated_ms = 2 * 3'600'000;
    r.agents = 3;
    r.conversations = conversations;
    r.answered = conversations - 2;
    r.abandoned = 2;
    r.reassignments = 4;
    r.first_reply = {conversations - 2, 9000, 8000, 20000, 31000, 40000};
    sim::TierKpis vip;
    vip.tier = "vip";
    vip.first_reply_target_ms = 15000;
    vip.conversations = 10;
    vip.first_reply_within_target = 0.875;
    sim::TierKpis normal;
    normal.tier = "normal";
    normal.conversations = conversations - 10;
    r.tiers = {vip, normal};
    r.agents_kpis = {{"alice", false, 7, 20, 0, 0, 7.2e6, 0.5},
                     {"bob, the silent", true, 3, 0, 3, 1, 7.2e6, 0.1}};
    r.bucket_ms = 3'600'000;
    r.timeline = {{0, 30, 1.5, 4, 3, 25, 0.8, 0.6, 1}, {3'600'000, 0, 0, 0, 3, 0, 0, 0.1, 0}};
    return r;
}

std::vector<LabelledRun> two_runs() {
    return {{"default.yaml", small_result(100)}, {"peak-sale.yaml", small_result(250)}};
}

TEST(KpiTable, OneColumnPerRunAndOneBlockPerTier) {
    const std::string table = kpi_table(two_runs());
    EXPECT_NE(table.find("default.yaml"), std::string::npos);
    EXPECT_NE(table.find("peak-sale.yaml"), std::string::npos);
    EXPECT_NE(table.find("tier vip"), std::string::npos);
    EXPECT_NE(table.find("tier normal"), std::string::npos);
    EXPECT_NE(table.find("8.0 s/20.0 s/31.0 s"), std::string::npos) << table;
    EXPECT_NE(table.find("87.5% of 15.0 s"), std::string::npos) << table;
    EXPECT_NE(table.find("98 (98.0%)"), std::string::npos) << table;
    EXPECT_NE(table.find("248 (99.2%)"), std::string::npos) << table;
}

TEST(KpiJson, CarriesEveryRunAndRoundTrips) {
    const auto json = nlohmann::json::parse(kpi_json(two_runs()));
    ASSERT_EQ(json["runs"].size(), 2u);
    const auto& first = json["runs"][0];
    EXPECT_EQ(first["label"], "default.yaml");
    EXPECT_EQ(first["conversations"], 100);
    EXPECT_EQ(first["reassignments"], 4);
    EXPECT_EQ(first["first_reply"]["p90_ms"], 20000.0);
    EXPECT_EQ(first["tiers"][0]["tier"], "vip");
    EXPECT_EQ(first["tiers"][0]["first_reply_within_target"], 0.875);
    EXPECT_EQ(first["agents_kpis"][1]["silent"], true);
    EXPECT_EQ(first["timeline"].size(), 2u);
    EXPECT_EQ(json["runs"][1]["conversations"], 250);
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

// Fields of one CSV line, honouring double quotes.
std::size_t csv_fields(const std::string& line) {
    std::size_t fields = 1;
    bool quoted = false;
    for (char c : line) {
        if (c == '"') quoted = !quoted;
        if (c == ',' && !quoted) ++fields;
    }
    return fields;
}

TEST(Csv, EveryRowHasTheHeadersFieldCount) {
    for (const std::string& csv : {timeline_csv(two_runs()), agents_csv(two_runs())}) {
        const auto lines = lines_of(csv);
        ASSERT_EQ(lines.size(), 5u) << csv;  // header + 2 runs x 2 rows
        for (const std::string& line : lines) EXPECT_EQ(csv_fields(line), csv_fields(lines[0]));
    }
    EXPECT_NE(agents_csv(two_runs()).find("\"bob, the silent\""), std::string::npos);
    EXPECT_NE(timeline_csv(two_runs()).find("peak-sale.yaml,3600000,0,"), std::string::npos);
}

TEST(Plots, ServiceLevelLeavesOutIntervalsWithoutFirstReplies) {
    // The second bucket answered nobody: its service level is undefined, so each run's line has
    // one point (at the first bucket's middle, 0.5 h, the right end of an axis from 0 h), not a
    // drop to 0%: 80% on a 0..100 axis 296 units tall from y = 64.
    const std::string svg = service_level_svg(two_runs());
    EXPECT_NE(svg.find("points='880.0,123.2'"), std::string::npos) << svg;
    const std::string queue = queue_length_svg(two_runs());
    EXPECT_NE(queue.find(">peak-sale.yaml<"), std::string::npos);
}

}  // namespace
}  // namespace switchboard::tools
