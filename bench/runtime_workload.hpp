// The embedded-engine workload of runtime_bench: builds the event stream and drives a Router
// with one gateway thread and one delivery thread (this one).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <vector>

#include "engine/runtime/router.hpp"

namespace switchboard::bench {

struct RunFigures {
    std::uint64_t events = 0;          // submitted after the logins
    std::uint64_t outputs = 0;         // deliveries + notices received for them
    double seconds = 0;                // first submit to last output
    std::vector<double> latencies_ns;  // per output, when paced
    // When paced: the latencies of the outputs whose threads were never kept off a CPU (see
    // CpuWaitMonitor in runtime_workload.cpp), and how long the box withheld one.
    std::vector<double> undisturbed_latencies_ns;
    double cpu_wait_ms = 0;     // threads ready to run but waiting for a CPU; -1: unknown
    std::uint32_t windows = 0;  // 10 ms windows of the run
    std::uint32_t disturbed_windows = 0;
};

// Logins first, then the conversation stream (see runtime_bench.cpp).
std::vector<Submission> workload_events();

// Runs the stream through a fresh Router. events_per_second == 0: as fast as possible.
RunFigures run_workload(std::vector<Submission> events, double events_per_second);

// The stream through a fresh Router driven by this one thread alone, which submits without
// waiting (try_submit_batch) and drains the outputs in turn, as a network I/O thread does: two
// threads in all (this one and the shard), the layout DESIGN.md §5 gives a 2-core machine.
// events_per_second == 0: as fast as possible; otherwise paced, with latencies recorded.
RunFigures run_io_thread(std::vector<Submission> events, double events_per_second);

// The same stream applied to a core::Shard on this thread, no rings, no outputs beyond counting:
// the upper bound the threaded engine can approach. Returns events per second.
double shard_only_rate(const std::vector<Submission>& events);

// CPU used by the whole process over `interval` while a started Router idles with agents
// logged in, in % of one core.
double measure_idle_cpu(std::chrono::milliseconds interval, double (*cpu_seconds)());

}  // namespace switchboard::bench
