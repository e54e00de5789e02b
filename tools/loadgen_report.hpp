// The load generator's result as people read it (a few lines ending in the verdict) and as
// machines read it (--json FILE). Pure functions of the plan and the run's result.
#pragma once

#include <string>

#include "tools/loadgen_plan.hpp"
#include "tools/loadgen_run.hpp"

namespace switchboard::tools {

// ASSIGNED (not after an accept) and OFFERED deliveries: every routing decision, moves included.
std::uint64_t routings(const ConnectionStats& stats);

// One line: what the run will do, printed before it starts.
std::string describe_plan(const LoadPlan& plan);

// The summary, ending with "verdict: PASS: ..." or "verdict: FAIL: ..." and a newline.
std::string text_report(const LoadPlan& plan, const RunResult& result);

// One JSON object (loadgen_json.cpp): verdict, plan, throughput, counts, latency percentiles in
// microseconds, problems and errors.
std::string json_report(const LoadPlan& plan, const RunResult& result);

}  // namespace switchboard::tools
