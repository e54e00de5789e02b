#include "tools/svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "engine/base/assert.hpp"

namespace switchboard::tools {
namespace {

constexpr double kWidth = 900;
constexpr double kHeight = 420;
constexpr double kLeft = 70;  // plot area margins, in SVG user units
constexpr double kRight = 20;
constexpr double kTop = 64;  // title, then the legend row
constexpr double kBottom = 60;
constexpr const char* kPalette[] = {"#1f77b4", "#d62728", "#2ca02c",
                                    "#9467bd", "#ff7f0e", "#17becf"};

struct Range {
    double lo = 0;
    double hi = 1;
};

struct Frame {
    Range x;
    Range y;
    double px(double v) const { return kLeft + (v - x.lo) / (x.hi - x.lo) * plot_w(); }
    double py(double v) const { return kTop + (y.hi - v) / (y.hi - y.lo) * plot_h(); }
    static double plot_w() { return kWidth - kLeft - kRight; }
    static double plot_h() { return kHeight - kTop - kBottom; }
};

std::string escape(const std::string& text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

std::string tick_label(double v) {
    char buf[32];
    if (std::fabs(v - std::round(v)) < 1e-9) {
        std::snprintf(buf, sizeof buf, "%.0f", v);
    } else {
        std::snprintf(buf, sizeof buf, "%g", v);
    }
    return buf;
}

Range widen(Range r) {
    if (r.hi > r.lo) return r;
    return Range{r.lo, r.lo + 1};
}

Frame frame_of(const LineChart& chart) {
    Range x{std::numeric_limits<double>::max(), std::numeric_limits<double>::lowest()};
    double y_hi = 0;
    for (const ChartSeries& s : chart.series) {
        SB_ASSERT(s.x.size() == s.y.size());
        for (double v : s.x) {
            x.lo = std::min(x.lo, v);
            x.hi = std::max(x.hi, v);
        }
        for (double v : s.y) y_hi = std::max(y_hi, v);
    }
    if (x.lo > x.hi) x = Range{0, 1};
    x.lo = std::min(x.lo, 0.0);  // time axes start at the run's start
    Range y{0, std::max(y_hi, chart.y_rule) * 1.05};
    if (chart.y_max > chart.y_min) y = Range{chart.y_min, chart.y_max};
    return Frame{widen(x), widen(y)};
}

void axes(std::string& out, const Frame& f, const LineChart& chart) {
    out += "<rect x='" + num(kLeft) + "' y='" + num(kTop) + "' width='" + num(Frame::plot_w()) +
           "' height='" + num(Frame::plot_h()) + "' fill='none' stroke='#444'/>\n";
    for (double t : nice_ticks(f.y.lo, f.y.hi, 6)) {
        const std::string y = num(f.py(t));
        out += "<line x1='" + num(kLeft) + "' y1='" + y + "' x2='" + num(kWidth - kRight) +
               "' y2='" + y + "' stroke='#ddd'/>\n";
        out += "<text x='" + num(kLeft - 6) + "' y='" + y +
               "' text-anchor='end' dominant-baseline='middle'>" + tick_label(t) + "</text>\n";
    }
    for (double t : nice_ticks(f.x.lo, f.x.hi, 10)) {
        const std::string x = num(f.px(t));
        out += "<line x1='" + x + "' y1='" + num(kHeight - kBottom) + "' x2='" + x + "' y2='" +
               num(kHeight - kBottom + 5) + "' stroke='#444'/>\n";
        out += "<text x='" + x + "' y='" + num(kHeight - kBottom + 20) + "' text-anchor='middle'>" +
               tick_label(t) + "</text>\n";
    }
    out += "<text x='" + num(kLeft + Frame::plot_w() / 2) + "' y='" + num(kHeight - 15) +
           "' text-anchor='middle'>" + escape(chart.x_label) + "</text>\n";
    out += "<text x='18' y='" + num(kTop + Frame::plot_h() / 2) +
           "' text-anchor='middle' transform='rotate(-90 18 " + num(kTop + Frame::plot_h() / 2) +
           ")'>" + escape(chart.y_label) + "</text>\n";
    out += "<text x='" + num(kWidth / 2) + "' y='24' text-anchor='middle' font-size='16'>" +
           escape(chart.title) + "</text>\n";
}

void rule(std::string& out, const Frame& f, const LineChart& chart) {
    if (chart.y_rule < 0) return;
    const std::string y = num(f.py(chart.y_rule));
    out += "<line x1='" + num(kLeft) + "' y1='" + y + "' x2='" + num(kWidth - kRight) + "' y2='" +
           y + "' stroke='#888' stroke-dasharray='6 4'/>\n";
    out += "<text x='" + num(kWidth - kRight - 4) + "' y='" + num(f.py(chart.y_rule) - 5) +
           "' text-anchor='end' fill='#666'>" + escape(chart.y_rule_label) + "</text>\n";
}

void lines(std::string& out, const Frame& f, const LineChart& chart) {
    for (std::size_t i = 0; i < chart.series.size(); ++i) {
        const ChartSeries& s = chart.series[i];
        const char* colour = kPalette[i % std::size(kPalette)];
        out += "<polyline fill='none' stroke-width='1.8' stroke='" + std::string(colour) +
               "' points='";
        for (std::size_t k = 0; k < s.x.size(); ++k) {
            if (k != 0) out += ' ';
            out += num(f.px(s.x[k])) + "," + num(f.py(std::clamp(s.y[k], f.y.lo, f.y.hi)));
        }
        out += "'/>\n";
        // The legend is one row above the plot area, so it never hides a line.
        const double lx = kLeft + 160 * static_cast<double>(i);
        const std::string ly = num(kTop - 14);
        out += "<line x1='" + num(lx) + "' y1='" + ly + "' x2='" + num(lx + 24) + "' y2='" + ly +
               "' stroke-width='3' stroke='" + colour + "'/>\n";
        out += "<text x='" + num(lx + 30) + "' y='" + ly + "' dominant-baseline='middle'>" +
               escape(s.label) + "</text>\n";
    }
}

}  // namespace

std::vector<double> nice_ticks(double lo, double hi, int target) {
    SB_ASSERT(hi > lo);
    SB_ASSERT(target > 0);
    const double raw = (hi - lo) / target;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    double step = magnitude;
    for (double m : {1.0, 2.0, 5.0, 10.0}) {
        step = m * magnitude;
        if (step >= raw) break;
    }
    std::vector<double> ticks;
    for (double t = std::ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-9; t += step) {
        ticks.push_back(std::fabs(t) < step * 1e-9 ? 0.0 : t);
    }
    return ticks;
}

std::string render_svg(const LineChart& chart) {
    const Frame f = frame_of(chart);
    std::string out = "<?xml version='1.0' encoding='UTF-8'?>\n";
    out += "<svg xmlns='http://www.w3.org/2000/svg' width='" + num(kWidth) + "' height='" +
           num(kHeight) + "' viewBox='0 0 " + num(kWidth) + " " + num(kHeight) +
           "' font-family='sans-serif' font-size='12'>\n";
    out += "<rect width='100%' height='100%' fill='white'/>\n";
    axes(out, f, chart);
    rule(out, f, chart);
    lines(out, f, chart);
    out += "</svg>\n";
    return out;
}

}  // namespace switchboard::tools
