// kpi_json(), the CSV files and the SVG plots of `switchboard sim`.
#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "tools/sim_report.hpp"
#include "tools/svg_chart.hpp"

namespace switchboard::tools {
namespace {

using nlohmann::json;

json to_json(const sim::Distribution& d) {
    return {{"count", d.count},   {"mean_ms", d.mean_ms}, {"p50_ms", d.p50_ms},
            {"p90_ms", d.p90_ms}, {"p99_ms", d.p99_ms},   {"max_ms", d.max_ms}};
}

json to_json(const sim::TierKpis& t) {
    return {{"tier", t.tier},
            {"first_reply_target_ms", t.first_reply_target_ms},
            {"next_reply_target_ms", t.next_reply_target_ms},
            {"conversations", t.conversations},
            {"answered", t.answered},
            {"abandoned", t.abandoned},
            {"overflowed", t.overflowed},
            {"waited", t.waited},
            {"first_reply", to_json(t.first_reply)},
            {"next_reply", to_json(t.next_reply)},
            {"queue_wait", to_json(t.queue_wait)},
            {"first_reply_within_target", t.first_reply_within_target},
            {"next_reply_within_target", t.next_reply_within_target}};
}

json to_json(const sim::AgentKpis& a) {
    return {{"agent", a.agent},
            {"silent", a.silent},
            {"handled", a.handled},
            {"replies", a.replies},
            {"missed_replies", a.missed_replies},
            {"auto_away", a.auto_away},
            {"logged_in_ms", a.logged_in_ms},
            {"occupancy", a.occupancy}};
}

json to_json(const sim::TimelineBucket& b) {
    return {{"start_ms", b.start_ms},
            {"arrivals", b.arrivals},
            {"queue_length_mean", b.queue_length_mean},
            {"queue_length_max", b.queue_length_max},
            {"agents_online", b.agents_online},
            {"first_replies", b.first_replies},
            {"service_level", b.service_level},
            {"occupancy", b.occupancy},
            {"abandoned", b.abandoned}};
}

template <typename T>
json array_of(const std::vector<T>& items) {
    json out = json::array();
    for (const T& item : items) out.push_back(to_json(item));
    return out;
}

json to_json(const LabelledRun& run) {
    const sim::SimResult& r = run.result;
    return {{"label", run.label},
            {"scenario", r.scenario},
            {"config", r.config_source},
            {"seed", r.seed},
            {"simulated_ms", r.simulated_ms},
            {"agents", r.agents},
            {"events_applied", r.events_applied},
            {"conversations", r.conversations},
            {"answered", r.answered},
            {"abandoned", r.abandoned},
            {"overflowed", r.overflowed},
            {"reassignments", r.reassignments},
            {"escalations", r.escalations},
            {"warnings", r.warnings},
            {"auto_away", r.auto_away},
            {"canned_replies", r.canned_replies},
            {"rejected", r.rejected},
            {"first_rejection", r.first_rejection},
            {"first_reply", to_json(r.first_reply)},
            {"queue_wait", to_json(r.queue_wait)},
            {"occupancy_mean", r.occupancy_mean},
            {"occupancy_min", r.occupancy_min},
            {"occupancy_max", r.occupancy_max},
            {"handled_cv", r.handled_cv},
            {"bucket_ms", r.bucket_ms},
            {"tiers", array_of(r.tiers)},
            {"agents_kpis", array_of(r.agents_kpis)},
            {"timeline", array_of(r.timeline)}};
}

// CSV field: quoted when it holds a separator, a quote or a line break.
std::string csv_field(const std::string& text) {
    if (text.find_first_of(",\"\n") == std::string::npos) return text;
    std::string out = "\"";
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string g(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

double hours(std::int64_t ms) { return static_cast<double>(ms) / 3.6e6; }

using BucketValue = double (*)(const sim::TimelineBucket&);
using BucketFilter = bool (*)(const sim::TimelineBucket&);

// One series per run; buckets that `keep` rejects are left out of the line (e.g. a service level
// where nobody was answered is undefined, not 0%).
LineChart timeline_chart(const std::vector<LabelledRun>& runs, BucketValue value,
                         BucketFilter keep) {
    LineChart chart;
    chart.x_label = "simulated time (hours)";
    for (const LabelledRun& run : runs) {
        ChartSeries s{run.label, {}, {}};
        for (const sim::TimelineBucket& b : run.result.timeline) {
            if (!keep(b)) continue;
            s.x.push_back(hours(b.start_ms + run.result.bucket_ms / 2));
            s.y.push_back(value(b));
        }
        chart.series.push_back(std::move(s));
    }
    return chart;
}

}  // namespace

std::string kpi_json(const std::vector<LabelledRun>& runs) {
    json out = {{"runs", json::array()}};
    for (const LabelledRun& run : runs) out["runs"].push_back(to_json(run));
    return out.dump(2) + "\n";
}

std::string timeline_csv(const std::vector<LabelledRun>& runs) {
    std::string out =
        "run,start_ms,arrivals,queue_length_mean,queue_length_max,agents_online,first_replies,"
        "service_level,occupancy,abandoned\n";
    for (const LabelledRun& run : runs) {
        for (const sim::TimelineBucket& b : run.result.timeline) {
            out += csv_field(run.label) + "," + std::to_string(b.start_ms) + "," +
                   std::to_string(b.arrivals) + "," + g(b.queue_length_mean) + "," +
                   std::to_string(b.queue_length_max) + "," + std::to_string(b.agents_online) +
                   "," + std::to_string(b.first_replies) + "," + g(b.service_level) + "," +
                   g(b.occupancy) + "," + std::to_string(b.abandoned) + "\n";
        }
    }
    return out;
}

std::string agents_csv(const std::vector<LabelledRun>& runs) {
    std::string out =
        "run,agent,silent,handled,replies,missed_replies,auto_away,logged_in_ms,"
        "occupancy\n";
    for (const LabelledRun& run : runs) {
        for (const sim::AgentKpis& a : run.result.agents_kpis) {
            out += csv_field(run.label) + "," + csv_field(a.agent) + "," + (a.silent ? "1" : "0") +
                   "," + std::to_string(a.handled) + "," + std::to_string(a.replies) + "," +
                   std::to_string(a.missed_replies) + "," + std::to_string(a.auto_away) + "," +
                   g(a.logged_in_ms) + "," + g(a.occupancy) + "\n";
        }
    }
    return out;
}

std::string queue_length_svg(const std::vector<LabelledRun>& runs) {
    LineChart chart = timeline_chart(
        runs, [](const sim::TimelineBucket& b) { return b.queue_length_mean; },
        [](const sim::TimelineBucket&) { return true; });
    chart.title = "Waiting conversations (mean per interval): " + runs.front().result.scenario;
    chart.y_label = "conversations waiting";
    return render_svg(chart);
}

std::string service_level_svg(const std::vector<LabelledRun>& runs) {
    LineChart chart = timeline_chart(
        runs, [](const sim::TimelineBucket& b) { return 100.0 * b.service_level; },
        [](const sim::TimelineBucket& b) { return b.first_replies != 0; });
    chart.title = "First replies within the tier's FRT target: " + runs.front().result.scenario;
    chart.y_label = "service level (%)";
    chart.y_min = 0;
    chart.y_max = 100;
    chart.y_rule = 80;
    chart.y_rule_label = "80% (the industry habit)";
    return render_svg(chart);
}

}  // namespace switchboard::tools
