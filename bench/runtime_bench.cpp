// The embedded engine end to end (issue: runtime, item 10, and the idle-CPU figure of item 4).
// One gateway thread submits events through a Gateway; the shard thread routes them; this
// thread drains the agents' outboxes and the notices and acknowledges every delivery, as a
// gateway's delivery thread would. Workload on one tenant with 1,000 agents: each conversation
// is opened (-> assigned delivery), gets two follow-up messages (-> relayed deliveries) and is
// closed (-> closed notice), interleaved so ~1,500 conversations are open at any time with
// their reply timers armed; every event yields exactly one output, which is how completion and
// latency are observed.
//
//   max_rate:   every event submitted as fast as the rings take them; events/s = events / wall
//               time until the last output arrived.
//   io_thread:  one thread submits (never waiting) and drains, as a network I/O thread does.
//   half_rate:  the same stream paced at 50% of the maximum just measured (for both layouts);
//               latency = output received - event submitted (steady clock; the submit call that
//               took the event, not its slot in the schedule), over every event; and again over
//               the events whose threads were never kept off a CPU: on a shared machine the tail
//               is how long the box withheld a core (CpuWaitMonitor, runtime_workload.cpp), so
//               the table prints that time next to it.
//   idle_cpu:   the engine with agents logged in and no traffic: CPU time of the whole process
//               over a wall interval, in % of one core.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include "bench/runtime_workload.hpp"
#include "bench/short_mode.hpp"
#include "bench/spread.hpp"

namespace switchboard::bench {
namespace {

std::map<std::string, double>& results() {
    static std::map<std::string, double> table;
    return table;
}

// Rates per repetition, for median [min..max].
std::map<std::string, std::vector<double>>& samples() {
    static std::map<std::string, std::vector<double>> table;
    return table;
}

Spread spread(const char* key) { return spread_of(samples()[key]); }

// One end-to-end run's throughput, filed under `key`.
void record_rate(benchmark::State& state, const char* key, const RunFigures& f) {
    if (f.outputs != f.events) state.SkipWithError("outputs lost");
    state.SetIterationTime(f.seconds);
    const double rate = static_cast<double>(f.events) / f.seconds;
    state.counters["events_per_s"] = rate;
    samples()[key].push_back(rate);
}

void bm_max_rate(benchmark::State& state) {
    for (auto _ : state) record_rate(state, "max_rate", run_workload(workload_events(), 0));
}

void bm_io_thread(benchmark::State& state) {
    for (auto _ : state) record_rate(state, "io_thread", run_io_thread(workload_events(), 0));
}

void bm_shard_only(benchmark::State& state) {
    const std::vector<Submission> events = workload_events();
    for (auto _ : state) {
        const double rate = shard_only_rate(events);
        state.SetIterationTime(static_cast<double>(events.size()) / rate);
        state.counters["events_per_s"] = rate;
        samples()["shard_only"].push_back(rate);
    }
}

// p50, p99 and p99.9 of `latencies_ns` in microseconds, filed under `key` (0 when empty).
void file_percentiles(const std::string& key, std::vector<double>& latencies_ns) {
    std::sort(latencies_ns.begin(), latencies_ns.end());
    const auto pct = [&](double p) {
        if (latencies_ns.empty()) return 0.0;
        return latencies_ns[static_cast<std::size_t>(p * (latencies_ns.size() - 1))] / 1e3;
    };
    results()[key + "/p50_us"] = pct(0.50);
    results()[key + "/p99_us"] = pct(0.99);
    results()[key + "/p999_us"] = pct(0.999);
}

// Runs `layout` at half of its own measured maximum and files rate and latency under `key`.
void half_rate(benchmark::State& state, const std::string& key, const char* max_key,
               RunFigures (*layout)(std::vector<Submission>, double)) {
    for (auto _ : state) {
        const double rate = spread(max_key).median / 2;
        if (rate <= 0) {
            state.SkipWithError("run the maximum-rate benchmark first");
            break;
        }
        RunFigures f = layout(workload_events(), rate);
        if (f.outputs != f.events) state.SkipWithError("outputs lost");
        state.SetIterationTime(f.seconds);
        results()[key + "/rate"] = static_cast<double>(f.events) / f.seconds;
        file_percentiles(key, f.latencies_ns);
        file_percentiles(key + "/undisturbed", f.undisturbed_latencies_ns);
        results()[key + "/undisturbed_share"] =
            static_cast<double>(f.undisturbed_latencies_ns.size()) /
            static_cast<double>(std::max<std::size_t>(1, f.latencies_ns.size()));
        results()[key + "/cpu_wait_ms"] = f.cpu_wait_ms;
        results()[key + "/disturbed_windows"] = f.disturbed_windows;
        results()[key + "/windows"] = f.windows;
        state.counters["p50_us"] = results()[key + "/p50_us"];
        state.counters["p99_us"] = results()[key + "/p99_us"];
        state.counters["undisturbed_p99_us"] = results()[key + "/undisturbed/p99_us"];
        state.counters["cpu_wait_ms"] = f.cpu_wait_ms;
    }
}

void bm_half_rate(benchmark::State& state) { half_rate(state, "half", "max_rate", run_workload); }
void bm_half_rate_io(benchmark::State& state) {
    half_rate(state, "half_io", "io_thread", run_io_thread);
}

double process_cpu_seconds() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    const auto tv = [](timeval t) { return static_cast<double>(t.tv_sec) + t.tv_usec * 1e-6; };
    return tv(ru.ru_utime) + tv(ru.ru_stime);
}

void bm_idle_cpu(benchmark::State& state) {
    const auto interval = std::chrono::milliseconds(short_mode() ? 300 : 3000);
    for (auto _ : state) {
        const double percent = measure_idle_cpu(interval, process_cpu_seconds);
        state.SetIterationTime(std::chrono::duration<double>(interval).count());
        state.counters["cpu_percent"] = percent;
        results()["idle_cpu_percent"] = percent;
    }
}

void print_rate(const char* label, const char* key, const char* note) {
    const Spread s = spread(key);
    std::printf("  %-34s %9.0f [%9.0f..%9.0f] events/s  %s\n", label, s.median, s.min, s.max, note);
}

void print_table() {
    const auto get = [](const char* k) { return results()[k]; };
    const double target = 2e6;
    std::printf("\nembedded engine, one tenant, 1,000 agents (median [min..max] of repetitions)\n");
    print_rate("gateway thread + shard + delivery thr", "max_rate", "");
    print_rate("one I/O thread (submit+drain) + shard", "io_thread", "");
    print_rate("core alone (Shard::apply, one thread)", "shard_only", "the ceiling");
    const double best = std::max(spread("max_rate").median, spread("io_thread").median);
    std::printf("  target >= 2,000,000 routed events/s: best layout %.2fx of target  %s\n",
                best / target, best >= target ? "MET" : "MISSED");
    const auto latency = [](const char* label, const std::string& k) {
        auto& r = results();
        std::printf(
            "  at 50%% of the %s max: %.0f events/s, latency p50 %.1f us, p99 %.1f us, "
            "p99.9 %.1f us\n",
            label, r[k + "/rate"], r[k + "/p50_us"], r[k + "/p99_us"], r[k + "/p999_us"]);
        std::printf(
            "    threads ready to run but kept off a CPU: %.1f ms (%.0f of %.0f 10-ms windows "
            "disturbed);\n    undisturbed %.0f%% of events: p50 %.1f us, p99 %.1f us, p99.9 %.1f "
            "us\n",
            r[k + "/cpu_wait_ms"], r[k + "/disturbed_windows"], r[k + "/windows"],
            100 * r[k + "/undisturbed_share"], r[k + "/undisturbed/p50_us"],
            r[k + "/undisturbed/p99_us"], r[k + "/undisturbed/p999_us"]);
    };
    latency("3-thread", "half");
    latency("I/O-thread", "half_io");
    std::printf(
        "  idle engine (1,000 agents, 1,500 open conversations with reply timers): %.3f %% "
        "of one core  target < 1%%: %s\n",
        get("idle_cpu_percent"), get("idle_cpu_percent") < 1.0 ? "MET" : "MISSED");
}

}  // namespace
}  // namespace switchboard::bench

int main(int argc, char** argv) {
    using namespace switchboard::bench;
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    const int reps = short_mode() ? 1 : 5;
    const auto add = [&](const char* name, void (*fn)(benchmark::State&), int repetitions) {
        benchmark::RegisterBenchmark(name, fn)
            ->Iterations(1)
            ->Repetitions(repetitions)
            ->UseManualTime()
            ->Unit(benchmark::kMillisecond);
    };
    add("e2e/shard_only", bm_shard_only, reps);
    add("e2e/max_rate", bm_max_rate, reps);
    add("e2e/io_thread", bm_io_thread, reps);
    add("e2e/half_rate", bm_half_rate, 1);
    add("e2e/half_rate_io_thread", bm_half_rate_io, 1);
    add("idle_cpu", bm_idle_cpu, 1);
    benchmark::RunSpecifiedBenchmarks();
    print_table();
    benchmark::Shutdown();
    return 0;
}
