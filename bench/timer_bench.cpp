// SLA timers at scale (DESIGN.md §4, STYLE.md §17): the shard's timing wheel against a
// std::priority_queue with lazy deletion and against one boost::asio::steady_timer per
// conversation, in one run, at N armed timers (1,000,000; 10,000 as well, to show how each
// scales). SB_BENCH_SHORT=1 (the ctest entry) runs N = 10,000 only.
//   rearm   move a random timer's deadline to a random 30 s .. 30 min ahead, N already armed
//   memory  heap bytes per armed timer, measured by counting allocations (alloc_counter) and by
//           mallinfo2, right after arming N and again after 2N random rearms (steady state)
//   expiry  fire all N timers (deadlines 1 ms .. 60 s): wheel and heap tick every 1 ms; Asio
//           runs io_context::run() with every deadline already past (dispatch cost, no waiting)
// Each benchmark times only its own work, as thread CPU time (UseManualTime), so set-up and
// teardown are excluded; the ratio table at the end divides each baseline's figure by the wheel's.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <map>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <benchmark/benchmark.h>

#include "bench/alloc_counter.hpp"
#include "bench/short_mode.hpp"
#include "bench/timer_contenders.hpp"

namespace switchboard::bench {
namespace {

constexpr std::int64_t kExpirySpanMs = 60'000;

// Random inputs, generated before any measurement so that neither the RNG nor these arrays are
// timed or counted. Re-arm ops: 2N (index, delay) pairs, uniform with replacement.
struct Workload {
    std::vector<std::uint32_t> rearm_index;
    std::vector<std::int32_t> rearm_delay_ms;
    std::vector<std::int32_t> arm_delay_ms;     // N, 30 s .. 30 min (next-response deadlines)
    std::vector<std::int32_t> expiry_delay_ms;  // N, 1 ms .. kExpirySpanMs
};

const Workload& workload(std::uint32_t n) {
    static std::map<std::uint32_t, Workload> cache;
    auto [it, inserted] = cache.try_emplace(n);
    if (!inserted) return it->second;
    std::mt19937_64 rng(20240601 + n);
    std::uniform_int_distribution<std::uint32_t> index(0, n - 1);
    std::uniform_int_distribution<std::int32_t> nrt(30'000, 1'800'000);
    std::uniform_int_distribution<std::int32_t> soon(1, kExpirySpanMs);
    Workload& w = it->second;
    for (std::uint32_t i = 0; i < 2 * n; ++i) {
        w.rearm_index.push_back(index(rng));
        w.rearm_delay_ms.push_back(nrt(rng));
    }
    for (std::uint32_t i = 0; i < n; ++i) {
        w.arm_delay_ms.push_back(nrt(rng));
        w.expiry_delay_ms.push_back(soon(rng));
    }
    return w;
}

// Figures for the ratio table, keyed "<measure>/<contender>/<n>".
std::map<std::string, double>& results() {
    static std::map<std::string, double> table;
    return table;
}

void record(benchmark::State& state, const char* measure, const char* contender, double value) {
    state.counters[measure] = value;
    results()[std::string(measure) + "/" + contender + "/" + std::to_string(state.range(0))] =
        value;
}

// This thread's CPU time, user + system (Asio's syscalls count), in seconds. Not wall time: on a
// shared 2-core box a concurrent build would otherwise be billed to whichever contender ran then.
double cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

template <typename Timers>
void arm_all(Timers& timers, const std::vector<std::int32_t>& delays) {
    for (std::uint32_t i = 0; i < delays.size(); ++i) timers.arm(i, delays[i]);
}

template <typename Timers>
void rearm_range(Timers& timers, const Workload& w, std::size_t first, std::size_t last) {
    for (std::size_t k = first; k < last; ++k) timers.rearm(w.rearm_index[k], w.rearm_delay_ms[k]);
    timers.settle();
}

// How many rearms the wheel did in place (see timing_wheel.hpp); 0 for the baselines.
template <typename Timers>
std::uint64_t rearmed_in_place(const Timers& timers) {
    if constexpr (requires { timers.rearmed_in_place(); }) {
        return timers.rearmed_in_place();
    } else {
        return 0;
    }
}

template <typename Timers>
void bm_rearm(benchmark::State& state, const char* contender) {
    const auto n = static_cast<std::uint32_t>(state.range(0));
    const Workload& w = workload(n);
    Timers timers(n, Deadlines::kFuture);
    arm_all(timers, w.arm_delay_ms);
    rearm_range(timers, w, 0, n);  // warm-up: reach the steady state (heap growth, op caches)
    double seconds = 0;
    std::uint64_t in_place = 0;
    for (auto _ : state) {
        const std::uint64_t in_place_before = rearmed_in_place(timers);
        const double start = cpu_seconds();
        rearm_range(timers, w, 0, w.rearm_index.size());
        seconds = cpu_seconds() - start;
        state.SetIterationTime(seconds);
        in_place = rearmed_in_place(timers) - in_place_before;
    }
    const auto ops = static_cast<double>(w.rearm_index.size());
    record(state, "rearm_ns", contender, seconds * 1e9 / ops);
    if (in_place > 0)
        record(state, "rearm_in_place", contender, static_cast<double>(in_place) / ops);
}

template <typename Timers>
void bm_memory(benchmark::State& state, const char* contender) {
    const auto n = static_cast<std::uint32_t>(state.range(0));
    const Workload& w = workload(n);
    HeapBytes armed;
    HeapBytes churned;
    for (auto _ : state) {
        const double start = cpu_seconds();
        const HeapBytes before = heap_bytes_now();
        {
            Timers timers(n, Deadlines::kFuture);
            arm_all(timers, w.arm_delay_ms);
            armed = heap_bytes_now() - before;
            rearm_range(timers, w, 0, w.rearm_index.size());
            churned = heap_bytes_now() - before;
        }
        state.SetIterationTime(cpu_seconds() - start);
    }
    const double per_timer = 1.0 / n;
    record(state, "armed_B", contender, static_cast<double>(armed.new_bytes) * per_timer);
    record(state, "churned_B", contender, static_cast<double>(churned.new_bytes) * per_timer);
    record(state, "armed_malloc_B", contender, static_cast<double>(armed.malloc_bytes) * per_timer);
    record(state, "churned_malloc_B", contender,
           static_cast<double>(churned.malloc_bytes) * per_timer);
}

template <typename Timers>
void bm_expiry(benchmark::State& state, const char* contender) {
    const auto n = static_cast<std::uint32_t>(state.range(0));
    const Workload& w = workload(n);
    double seconds = 0;
    for (auto _ : state) {
        Timers timers(n, Deadlines::kPast);
        arm_all(timers, w.expiry_delay_ms);
        const double start = cpu_seconds();
        const std::uint64_t cookie_sum = timers.expire_all(kExpirySpanMs);
        seconds = cpu_seconds() - start;
        state.SetIterationTime(seconds);
        // Every timer fired exactly once: the cookies 0..n-1 add up to n(n-1)/2.
        if (cookie_sum != std::uint64_t{n} * (n - 1) / 2) state.SkipWithError("lost a timer");
    }
    record(state, "expiry_ns", contender, seconds * 1e9 / n);
}

template <typename Timers>
void register_contender(const char* contender, const std::vector<std::int64_t>& sizes) {
    const auto add = [&](const char* measure, auto fn) {
        auto* b = benchmark::RegisterBenchmark((std::string(measure) + "/" + contender).c_str(), fn,
                                               contender);
        for (const std::int64_t n : sizes) b->Arg(n);
        b->Iterations(1)->UseManualTime()->Unit(benchmark::kMillisecond);
    };
    add("rearm", bm_rearm<Timers>);
    add("memory", bm_memory<Timers>);
    add("expiry", bm_expiry<Timers>);
}

// One line per measure: wheel figure, then each baseline with baseline / wheel in parentheses.
void print_row(const char* label, const char* measure, std::int64_t n, const char* unit) {
    const auto find = [&](const char* contender) {
        const auto it =
            results().find(std::string(measure) + "/" + contender + "/" + std::to_string(n));
        return it == results().end() ? -1.0 : it->second;
    };
    const double wheel = find("wheel");
    std::printf("  %-26s wheel %8.1f %-3s", label, wheel, unit);
    for (const char* baseline : {"pq", "asio"}) {
        const double value = find(baseline);
        std::printf(" | %-4s %8.1f %-3s (%5.1fx)", baseline, value, unit,
                    wheel > 0 ? value / wheel : 0.0);
    }
    std::printf("\n");
}

void print_verdict(const char* target, const char* measure, std::int64_t n, double min_ratio) {
    const std::string suffix = "/" + std::to_string(n);
    const auto wheel = results().find(std::string(measure) + "/wheel" + suffix);
    const auto asio = results().find(std::string(measure) + "/asio" + suffix);
    if (wheel == results().end() || asio == results().end()) return;
    const double ratio = asio->second / wheel->second;
    std::printf("  target %-40s %5.1fx  %s\n", target, ratio,
                ratio >= min_ratio ? "MET" : "MISSED");
}

void print_ratios(const std::vector<std::int64_t>& sizes) {
    for (const std::int64_t n : sizes) {
        std::printf("\ntimer ratios at N = %lld armed (baseline / wheel; node %zu B)\n",
                    static_cast<long long>(n), sla::TimingWheel::node_bytes());
        print_row("rearm, random order", "rearm_ns", n, "ns");
        print_row("expiry, per fired timer", "expiry_ns", n, "ns");
        print_row("memory/timer, armed", "armed_B", n, "B");
        print_row("memory/timer, after churn", "churned_B", n, "B");
        print_row("malloc/timer, armed", "armed_malloc_B", n, "B");
        print_row("malloc/timer, after churn", "churned_malloc_B", n, "B");
        const auto in_place = results().find("rearm_in_place/wheel/" + std::to_string(n));
        if (in_place != results().end()) {
            std::printf(
                "  wheel rearms done in place (slot visited before the new deadline): %.1f%%\n",
                100 * in_place->second);
        }
        print_verdict("rearm: asio / wheel >= 20x", "rearm_ns", n, 20);
        print_verdict("memory after churn: asio / wheel >= 4x", "churned_B", n, 4);
        print_verdict("malloc after churn: asio / wheel >= 4x", "churned_malloc_B", n, 4);
    }
}

}  // namespace
}  // namespace switchboard::bench

int main(int argc, char** argv) {
    using namespace switchboard::bench;
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    const std::vector<std::int64_t> sizes = short_mode()
                                                ? std::vector<std::int64_t>{10'000}
                                                : std::vector<std::int64_t>{10'000, 1'000'000};
    register_contender<WheelTimers>("wheel", sizes);
    register_contender<HeapTimers>("pq", sizes);
    register_contender<AsioTimers>("asio", sizes);
    benchmark::RunSpecifiedBenchmarks();
    print_ratios(sizes);
    benchmark::Shutdown();
    return 0;
}
