// The reports of `switchboard sim`: the KPI table an operations lead reads, and the files behind
// it (JSON, CSV, SVG plots). Every function takes one run or several runs of the same scenario
// (one per config), so comparing two configs prints and plots them side by side. Pure: results
// in, text out; sim_command writes the files.
#pragma once

#include <string>
#include <vector>

#include "engine/sim/sim_result.hpp"

namespace switchboard::tools {

struct LabelledRun {
    std::string label;  // column heading: the config file's name
    sim::SimResult result;
};

// The KPI table, one column per run. Precondition: !runs.empty().
std::string kpi_table(const std::vector<LabelledRun>& runs);

// {"runs": [{"label": ..., "scenario": ..., "tiers": [...], "agents": [...],
// "timeline": [...]}, ...]}: every field of SimResult.
std::string kpi_json(const std::vector<LabelledRun>& runs);

// One row per (run, timeline bucket) / (run, agent), with a header row.
std::string timeline_csv(const std::vector<LabelledRun>& runs);
std::string agents_csv(const std::vector<LabelledRun>& runs);

// Waiting conversations over the day, and the share of first replies within the FRT target.
std::string queue_length_svg(const std::vector<LabelledRun>& runs);
std::string service_level_svg(const std::vector<LabelledRun>& runs);

}  // namespace switchboard::tools
