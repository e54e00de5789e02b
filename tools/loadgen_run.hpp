// Runs a load plan: one thread per connection (ConnectionDriver), the progress line and the
// signals on the calling thread, then the verdict of the shared ledger. Ctrl-C (SIGINT) or
// SIGTERM stops opening and lets the run drain and clean up; a second one aborts. A hard bound
// (duration + drain + 60 s) aborts a run that would not end otherwise.
//
// Threads: call from the main thread; it blocks SIGINT/SIGTERM while the run lasts.
#pragma once

#include "tools/loadgen_ledger.hpp"
#include "tools/loadgen_plan.hpp"
#include "tools/loadgen_stats.hpp"

namespace switchboard::tools {

struct RunResult {
    ConnectionStats stats;  // all connections added up
    LedgerVerdict verdict;
    bool interrupted = false;  // a signal stopped the opening early
    bool aborted = false;      // the run was cut short (second signal, hard time bound)
    double elapsed_s = 0;      // the whole run, logins to logouts

    // Nothing lost, duplicated, out of sequence or unacknowledged, no error, no abort.
    bool passed() const noexcept;
};

RunResult run_load(const LoadPlan& plan);

}  // namespace switchboard::tools
