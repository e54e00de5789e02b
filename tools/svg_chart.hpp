// A line chart as a standalone SVG document, for the simulator's plots (queue length and service
// level over the day). Pure: data in, text out; the caller writes the file. One chart holds a few
// series over a shared x axis (time in hours), drawn with fixed colours and a legend, so two
// configs of the same scenario can be compared in one picture.
#pragma once

#include <string>
#include <vector>

namespace switchboard::tools {

struct ChartSeries {
    std::string label;
    std::vector<double> x;  // same length as y; ascending
    std::vector<double> y;
};

struct LineChart {
    std::string title;
    std::string x_label;
    std::string y_label;
    std::vector<ChartSeries> series;
    // Fixed y range when y_max > y_min (e.g. 0..1 for a share); otherwise from the data, from 0.
    double y_min = 0;
    double y_max = 0;
    // Optional horizontal reference line (e.g. a service-level target); drawn when y_rule >= 0.
    double y_rule = -1;
    std::string y_rule_label;
};

// Precondition: each series has x.size() == y.size(). Series beyond the palette's six colours
// reuse them. An empty chart (no points) still yields a valid document with axes and title.
std::string render_svg(const LineChart& chart);

// Round-number tick positions covering [lo, hi], about `target` of them (lo < hi).
std::vector<double> nice_ticks(double lo, double hi, int target);

}  // namespace switchboard::tools
