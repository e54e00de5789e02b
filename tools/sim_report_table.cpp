// kpi_table(): rows of KPIs, one column per run.
#include <cstdio>
#include <functional>
#include <string>

#include "engine/base/assert.hpp"

#include "tools/sim_report.hpp"

namespace switchboard::tools {
namespace {

constexpr int kLabelWidth = 34;
constexpr int kColumnWidth = 24;

using Cell = std::function<std::string(const sim::SimResult&)>;

std::string fmt(const char* format, double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, format, v);
    return buf;
}

std::string count(std::uint64_t v) { return std::to_string(v); }
std::string share(double v) { return fmt("%.1f%%", 100.0 * v); }
std::string seconds(double ms) { return fmt("%.1f s", ms / 1000.0); }
std::string of_total(std::uint64_t part, std::uint64_t total) {
    if (total == 0) return count(part);
    return count(part) + " (" + share(static_cast<double>(part) / static_cast<double>(total)) + ")";
}
std::string spread(const sim::Distribution& d) {
    if (d.count == 0) return "-";
    return seconds(d.p50_ms) + "/" + seconds(d.p90_ms) + "/" + seconds(d.p99_ms);
}

void line(std::string& out, const std::string& label, const std::vector<std::string>& cells) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "%-*s", kLabelWidth, label.c_str());
    out += buf;
    for (const std::string& cell : cells) {
        std::snprintf(buf, sizeof buf, " %*s", kColumnWidth, cell.c_str());
        out += buf;
    }
    out += '\n';
}

void row(std::string& out, const std::string& label, const std::vector<LabelledRun>& runs,
         const Cell& cell) {
    std::vector<std::string> cells;
    for (const LabelledRun& run : runs) cells.push_back(cell(run.result));
    line(out, label, cells);
}

void label_row(std::string& out, const std::vector<LabelledRun>& runs) {
    std::vector<std::string> labels;
    for (const LabelledRun& run : runs) labels.push_back(run.label);
    line(out, "", labels);
}

void heading(std::string& out, const std::string& title, const std::vector<LabelledRun>& runs) {
    row(out, title, runs, [&](const sim::SimResult&) { return std::string(); });
}

void overall_rows(std::string& out, const std::vector<LabelledRun>& runs) {
    row(out, "conversations", runs, [](const auto& r) { return count(r.conversations); });
    row(out, "answered", runs, [](const auto& r) { return of_total(r.answered, r.conversations); });
    row(out, "abandoned before first reply", runs,
        [](const auto& r) { return of_total(r.abandoned, r.conversations); });
    row(out, "overflowed (message / bot)", runs,
        [](const auto& r) { return of_total(r.overflowed, r.conversations); });
    row(out, "FRT p50/p90/p99", runs, [](const auto& r) { return spread(r.first_reply); });
    row(out, "queue wait p50/p90/p99", runs, [](const auto& r) { return spread(r.queue_wait); });
    row(out, "reply warnings", runs, [](const auto& r) { return count(r.warnings); });
    row(out, "reassigned at a missed reply", runs,
        [](const auto& r) { return count(r.reassignments); });
    row(out, "escalated to a supervisor", runs, [](const auto& r) { return count(r.escalations); });
    row(out, "agents sent away (misses)", runs, [](const auto& r) { return count(r.auto_away); });
    row(out, "canned replies (clock kept)", runs,
        [](const auto& r) { return count(r.canned_replies); });
    row(out, "occupancy mean [min-max]", runs, [](const auto& r) {
        return share(r.occupancy_mean) + " [" + fmt("%.0f", 100 * r.occupancy_min) + "-" +
               fmt("%.0f%%]", 100 * r.occupancy_max);
    });
    row(out, "load spread (CV handled)", runs,
        [](const auto& r) { return fmt("%.2f", r.handled_cv); });
    row(out, "events refused by the router", runs, [](const auto& r) { return count(r.rejected); });
}

// Rows for tier `i` (tiers are the same list in every run: one scenario, same tier names).
void tier_rows(std::string& out, const std::vector<LabelledRun>& runs, std::size_t i) {
    const auto tier = [i](const sim::SimResult& r) -> const sim::TierKpis* {
        return i < r.tiers.size() ? &r.tiers[i] : nullptr;
    };
    const auto cell = [&](auto f) {
        return [=](const sim::SimResult& r) {
            const sim::TierKpis* t = tier(r);
            return t == nullptr ? std::string("-") : f(*t);
        };
    };
    heading(out, "tier " + runs.front().result.tiers[i].tier, runs);
    row(out, "  conversations / abandoned", runs, cell([](const sim::TierKpis& t) {
            return count(t.conversations) + " / " + count(t.abandoned);
        }));
    row(out, "  FRT p50/p90/p99", runs,
        cell([](const sim::TierKpis& t) { return spread(t.first_reply); }));
    row(out, "  FRT within target", runs, cell([](const sim::TierKpis& t) {
            return share(t.first_reply_within_target) + " of " +
                   seconds(static_cast<double>(t.first_reply_target_ms));
        }));
    row(out, "  NRT within target", runs, cell([](const sim::TierKpis& t) {
            return share(t.next_reply_within_target) + " of " +
                   seconds(static_cast<double>(t.next_reply_target_ms));
        }));
    row(out, "  queue wait mean / p90", runs, cell([](const sim::TierKpis& t) {
            return seconds(t.queue_wait.mean_ms) + " / " + seconds(t.queue_wait.p90_ms);
        }));
}

}  // namespace

std::string kpi_table(const std::vector<LabelledRun>& runs) {
    SB_ASSERT(!runs.empty());
    std::string out;
    label_row(out, runs);
    row(out, "simulated / agents", runs, [](const auto& r) {
        return fmt("%.1f h", static_cast<double>(r.simulated_ms) / 3.6e6) + " / " +
               std::to_string(r.agents);
    });
    overall_rows(out, runs);
    for (std::size_t i = 0; i < runs.front().result.tiers.size(); ++i) tier_rows(out, runs, i);
    for (const LabelledRun& run : runs) {
        if (run.result.rejected == 0) continue;
        out += run.label + ": first refused event: " + run.result.first_rejection + "\n";
    }
    return out;
}

}  // namespace switchboard::tools
