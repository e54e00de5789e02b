#include "tools/svg_chart.hpp"

#include <cmath>
#include <string>

#include <gtest/gtest.h>

namespace switchboard::tools {
namespace {

std::size_t occurrences(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

TEST(NiceTicks, CoverTheRangeInEvenRoundSteps) {
    for (auto [lo, hi] : {std::pair{0.0, 24.0}, {0.0, 1.0}, {3.0, 1234.0}, {-5.0, 5.0}}) {
        const auto ticks = nice_ticks(lo, hi, 8);
        ASSERT_GE(ticks.size(), 4u) << lo << ".." << hi;
        ASSERT_LE(ticks.size(), 17u) << lo << ".." << hi;
        const double step = ticks[1] - ticks[0];
        for (std::size_t i = 1; i < ticks.size(); ++i) {
            EXPECT_NEAR(ticks[i] - ticks[i - 1], step, step * 1e-9);
        }
        EXPECT_GE(ticks.front(), lo - step * 1e-9);
        EXPECT_LE(ticks.back(), hi + step * 1e-9);
        EXPECT_LT(ticks.front() - step, lo - step * 1e-9) << "the tick below the first is in range";
        EXPECT_GT(ticks.back() + step, hi + step * 1e-9) << "the tick above the last is in range";
        const double mantissa = step / std::pow(10.0, std::floor(std::log10(step)));
        EXPECT_TRUE(std::fabs(mantissa - 1) < 1e-9 || std::fabs(mantissa - 2) < 1e-9 ||
                    std::fabs(mantissa - 5) < 1e-9)
            << "step " << step;
    }
}

TEST(RenderSvg, OneLineAndLegendEntryPerSeries) {
    LineChart chart{"Queue", "hours", "waiting", {}, 0, 0, -1, ""};
    chart.series.push_back({"default.yaml", {0, 1, 2}, {3, 5, 4}});
    chart.series.push_back({"peak.yaml", {0, 1, 2}, {6, 9, 7}});
    const std::string svg = render_svg(chart);
    EXPECT_EQ(svg.rfind("<?xml", 0), 0u);
    EXPECT_NE(svg.find("<svg xmlns='http://www.w3.org/2000/svg'"), std::string::npos);
    EXPECT_EQ(occurrences(svg, "<polyline"), 2u);
    EXPECT_NE(svg.find(">default.yaml<"), std::string::npos);
    EXPECT_NE(svg.find(">peak.yaml<"), std::string::npos);
    EXPECT_EQ(svg.substr(svg.size() - 7), "</svg>\n");
}

TEST(RenderSvg, EscapesMarkupInLabels) {
    LineChart chart{"a < b & \"c\"", "x", "y", {{"<s>", {0, 1}, {1, 2}}}, 0, 0, -1, ""};
    const std::string svg = render_svg(chart);
    EXPECT_NE(svg.find("a &lt; b &amp; &quot;c&quot;"), std::string::npos);
    EXPECT_NE(svg.find("&lt;s&gt;"), std::string::npos);
    EXPECT_EQ(svg.find("<s>"), std::string::npos);
}

TEST(RenderSvg, FixedRangeClampsPointsIntoThePlotArea) {
    // y = 150 on a 0..100 axis is drawn on the top edge (y = 64), not above it.
    LineChart chart{"t", "x", "y", {{"s", {0, 10}, {150, -20}}}, 0, 100, 80, "target"};
    const std::string svg = render_svg(chart);
    EXPECT_NE(svg.find("points='70.0,64.0 880.0,360.0'"), std::string::npos) << svg;
    EXPECT_NE(svg.find("stroke-dasharray"), std::string::npos);
    EXPECT_NE(svg.find(">target<"), std::string::npos);
}

TEST(RenderSvg, EmptyChartIsStillADocument) {
    const std::string svg = render_svg(LineChart{"nothing yet", "x", "y", {}, 0, 0, -1, ""});
    EXPECT_EQ(occurrences(svg, "<polyline"), 0u);
    EXPECT_NE(svg.find(">nothing yet<"), std::string::npos);
    EXPECT_EQ(svg.substr(svg.size() - 7), "</svg>\n");
}

}  // namespace
}  // namespace switchboard::tools
