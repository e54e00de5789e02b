// Routing decision cost and resident memory (DESIGN.md §2-§3, STYLE.md §17), in one run:
//   pair/<strategy>/N   one customer message that opens a new conversation (routed: assigned, or
//                       queued when its pool is full) plus the close of the oldest open one, at N
//                       agents (one tenant, 8 skills) with half of their capacity in use; engine
//                       time moves 1 ms per decision. items_per_second = decisions per second.
//                       Events go through core::HintWindow as in the runtime's ring batches (each
//                       hinted 3 events ahead; hints start at 32,768 open conversations).
//   pair_unhinted/least_loaded/N  the same with no hints: an event that arrives on its own.
//   split/<strategy>/N  the same traffic in batches of kSplitBatch opens, then their closes, each
//                       phase timed by the clock: manual time = the message alone, close_ns = the
//                       close alone. Cheaper than PauseTiming, but the open count swings by the
//                       batch size and each phase runs with the other's data colder in cache, so
//                       message + close only estimates the pair. The message alone is the
//                       narrower "decision" (a new conversation routed, no close); its ratio and
//                       rate are printed against the same targets.
//   memory/resident/M   M conversations opened and left resident with their timers armed (half
//                       assigned, the rest waiting): heap bytes per conversation, counted by
//                       operator new (alloc_counter), by mallinfo2 and by RSS; and the slowest
//                       single open (table growth happens inside one event).
// After the runs a table gives, per strategy, ns per decision at each N with the ratio of the
// largest N to the smallest (target <= 2x) and decisions/s at 1,000 agents (target >= 1 M/s).
// It uses CPU time, the "one core" of the target, which a preempting neighbour on a shared box
// inflates less than wall time; the split table is wall time and compares with the pair's.
// SB_BENCH_SHORT=1 (the ctest entry) stops at 10,000 agents and 200,000 resident conversations.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <benchmark/benchmark.h>
#include <malloc.h>
#include <unistd.h>

#include "bench/alloc_counter.hpp"
#include "bench/routing_workload.hpp"
#include "bench/short_mode.hpp"

namespace switchboard::bench {
namespace {

using Run = benchmark::BenchmarkReporter::Run;
using Clock = std::chrono::steady_clock;

constexpr std::array<std::string_view, 4> kStrategies{"least_loaded", "round_robin", "longest_idle",
                                                      "most_proficient"};
constexpr std::int64_t kSplitBatch = 16;
constexpr double kBudgetBytes = 400;            // DESIGN.md §2, per resident conversation
constexpr double kTargetPerSecond = 1'000'000;  // decisions/s at 1,000 agents, one core
constexpr double kTargetScaling = 2;            // largest N / smallest N, ns per decision

// The steady state of the last (strategy, agents) asked for. Building one takes about a second at
// 100k agents, so the pair and split runs of a size (registered next to each other) share it.
SteadyState& steady_state(std::string_view strategy, std::uint32_t agents) {
    static std::unique_ptr<SteadyState> cached;
    static std::string key;
    const std::string wanted = std::string(strategy) + "/" + std::to_string(agents);
    if (cached == nullptr || key != wanted) {
        cached.reset();  // free the old one first: two at 100k agents would double the footprint
        cached = std::make_unique<SteadyState>(strategy, agents);
        key = wanted;
    }
    return *cached;
}

void finish(benchmark::State& state, const CountingSink& sink, const SteadyState& s) {
    if (sink.count<core::Rejected>() + sink.count<core::Overflowed>() != 0) {
        state.SkipWithError("an event was rejected or overflowed");
    } else if (s.shard().conversation_count() != s.open_target()) {
        state.SkipWithError("the open-conversation count drifted");
    }
    const auto decisions = static_cast<double>(state.iterations());
    state.SetItemsProcessed(state.iterations());
    state.counters["queued_pct"] =
        100.0 * static_cast<double>(sink.count<core::Queued>()) / std::max(decisions, 1.0);
}

// `hinted`: events through the core::HintWindow as in the runtime's batches; otherwise each
// applied on its own, like an event that arrives alone (pair_unhinted).
void bm_pair(benchmark::State& state, std::string_view strategy, bool hinted) {
    SteadyState& s = steady_state(strategy, static_cast<std::uint32_t>(state.range(0)));
    CountingSink sink;
    for (auto _ : state) {
        if (hinted) {
            s.open_next_hinted(sink);
            s.close_oldest_hinted(sink);
        } else {
            s.open_next(sink);
            s.close_oldest(sink);
        }
        s.tick();
    }
    finish(state, sink, s);
}

double seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

void bm_split(benchmark::State& state, std::string_view strategy) {
    SteadyState& s = steady_state(strategy, static_cast<std::uint32_t>(state.range(0)));
    CountingSink sink;
    double close_seconds = 0;
    while (state.KeepRunningBatch(kSplitBatch)) {
        const Clock::time_point start = Clock::now();
        for (std::int64_t i = 0; i < kSplitBatch; ++i) {
            s.open_next(sink);
            s.tick();
        }
        const Clock::time_point opened = Clock::now();
        for (std::int64_t i = 0; i < kSplitBatch; ++i) s.close_oldest(sink);
        const Clock::time_point closed = Clock::now();
        state.SetIterationTime(seconds(opened - start));
        close_seconds += seconds(closed - opened);
    }
    finish(state, sink, s);
    state.counters["close_ns"] = close_seconds * 1e9 / static_cast<double>(state.iterations());
}

std::int64_t rss_bytes() {
    long pages = 0;
    long resident = 0;
    if (std::FILE* f = std::fopen("/proc/self/statm", "r")) {
        if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
        std::fclose(f);
    }
    return static_cast<std::int64_t>(resident) * sysconf(_SC_PAGESIZE);
}

// Timers (reply, queue, idle) the resident conversations hold in the wheel.
std::uint64_t armed_timers(const core::Shard& shard) {
    std::uint64_t timers = 0;
    shard.for_each_conversation([&](core::ConversationId, const model::Conversation& c) {
        timers += c.reply_timer.valid() + c.queue_timer.valid() + c.idle_timer.valid();
    });
    return timers;
}

void bm_memory(benchmark::State& state) {
    const auto count = static_cast<std::uint32_t>(state.range(0));
    const base::Time now = base::time_from_ms(1);
    for (auto _ : state) {
        // Capacity for half of them; the limits are exactly `count`, so the wheel's up-front
        // reservation (3 timers per max_conversations) is as small as the config allows.
        const WorkloadSpec spec{"least_loaded", count / (2 * kAgentCapacity), count, count};
        std::unique_ptr<core::Shard> shard = make_shard(spec, now, 7);
        CountingSink sink;
        const HeapBytes heap_before = heap_bytes_now();
        const std::int64_t rss_before = rss_bytes();
        Clock::duration slowest{0};
        // All at one instant: every timer stays armed, none fires.
        for (std::uint32_t i = 0; i < count; ++i) {
            const core::Event event = open_event(i);
            const Clock::time_point start = Clock::now();
            shard->apply(event, now, sink);
            slowest = std::max(slowest, Clock::now() - start);
        }
        const HeapBytes grown = heap_bytes_now() - heap_before;
        const auto rss_grown = static_cast<double>(rss_bytes() - rss_before);
        const double n = count;
        const double timers = static_cast<double>(armed_timers(*shard)) / n;
        const double wheel = timers * static_cast<double>(sla::TimingWheel::node_bytes());
        state.counters["heap_B"] = static_cast<double>(grown.new_bytes) / n;
        state.counters["malloc_B"] = static_cast<double>(grown.malloc_bytes) / n;
        state.counters["rss_B"] = rss_grown / n;
        state.counters["timers"] = timers;
        state.counters["wheel_B"] = wheel;
        state.counters["total_B"] = static_cast<double>(grown.new_bytes) / n + wheel;
        state.counters["assigned_pct"] =
            100.0 * static_cast<double>(sink.count<core::Assigned>()) / n;
        state.counters["slowest_open_ms"] = seconds(slowest) * 1e3;
        if (shard->conversation_count() != count) state.SkipWithError("conversations lost");
    }
    // Hand the freed memory back, so that the routing runs after this one start from a heap
    // as compact as if it had never been run.
    malloc_trim(0);
}

// The console output as usual, plus the runs kept for the summary tables: every repetition, or
// only the median when the user asked for aggregates only.
class CapturingReporter final : public benchmark::ConsoleReporter {
  public:
    CapturingReporter() : ConsoleReporter(OO_None) {}
    void ReportRuns(const std::vector<Run>& runs) override {
        for (const Run& r : runs) {
            if (r.error_occurred) continue;
            const std::string name = r.run_name.function_name + "/" + r.run_name.args;
            if (r.run_type == Run::RT_Iteration) {
                runs_[name].push_back(r);
            } else if (r.aggregate_name == "median") {
                medians_[name].push_back(r);
            }
        }
        ConsoleReporter::ReportRuns(runs);
    }
    // Per repetition of `name`, sorted: ns per iteration in wall (real or manual) or CPU time.
    std::vector<double> wall_ns(const std::string& name) const {
        return collect(name, [](const Run& r) { return r.real_accumulated_time; });
    }
    std::vector<double> cpu_ns(const std::string& name) const {
        return collect(name, [](const Run& r) { return r.cpu_accumulated_time; });
    }
    std::vector<double> counter(const std::string& name, const std::string& key) const {
        std::vector<double> out;
        for (const Run& r : runs_of(name)) {
            const auto c = r.counters.find(key);
            if (c != r.counters.end()) out.push_back(c->second.value);
        }
        std::sort(out.begin(), out.end());
        return out;
    }

  private:
    template <typename Seconds>
    std::vector<double> collect(const std::string& name, Seconds&& seconds) const {
        std::vector<double> out;
        for (const Run& r : runs_of(name)) {
            out.push_back(seconds(r) * 1e9 / static_cast<double>(r.iterations));
        }
        std::sort(out.begin(), out.end());
        return out;
    }

    const std::vector<Run>& runs_of(const std::string& name) const {
        static const std::vector<Run> kNone;
        for (const auto* table : {&runs_, &medians_}) {
            const auto it = table->find(name);
            if (it != table->end()) return it->second;
        }
        return kNone;
    }

    std::map<std::string, std::vector<Run>> runs_;
    std::map<std::string, std::vector<Run>> medians_;
};

// Median of a sorted, non-empty vector (the lower middle for an even count).
double median(const std::vector<double>& v) { return v[(v.size() - 1) / 2]; }

std::string name_of(std::string_view kind, std::string_view strategy, std::int64_t n) {
    return std::string(kind) + "/" + std::string(strategy) + "/" + std::to_string(n);
}

const char* verdict(bool met) { return met ? "MET" : "MISSED"; }

void print_header(const char* title, const std::vector<std::int64_t>& sizes, int width) {
    std::printf("\n%s\n%-22s", title, "strategy");
    for (const std::int64_t n : sizes) std::printf(" %*lld", width, static_cast<long long>(n));
}

// One row of the pair table: the runs named kind/strategy/N.
void print_pair_row(const CapturingReporter& rep, std::string_view label, std::string_view kind,
                    std::string_view strategy, const std::vector<std::int64_t>& sizes) {
    std::printf("%-22.*s", static_cast<int>(label.size()), label.data());
    std::vector<double> medians;
    for (const std::int64_t n : sizes) {
        const std::vector<double> v = rep.cpu_ns(name_of(kind, strategy, n));
        medians.push_back(v.empty() ? 0 : median(v));
        if (v.empty()) {
            std::printf(" %20s", "-");
        } else {
            std::printf(" %6.0f [%5.0f, %5.0f]", median(v), v.front(), v.back());
        }
    }
    if (medians.front() > 0 && medians.back() > 0) {
        const double ratio = medians.back() / medians.front();
        std::printf("  %5.2fx %-6s", ratio, verdict(ratio <= kTargetScaling));
    } else {
        std::printf("  %-13s", "  -");
    }
    const std::vector<double> at_1000 = rep.cpu_ns(name_of(kind, strategy, 1000));
    if (at_1000.empty()) {
        std::printf("  -\n");
    } else {
        const double rate = 1e9 / median(at_1000);
        std::printf("  %5.2f M/s %s\n", rate / 1e6, verdict(rate >= kTargetPerSecond));
    }
}

void print_pair_table(const CapturingReporter& rep, const std::vector<std::int64_t>& sizes) {
    print_header(
        "Routing decision cost: ns per decision (new conversation routed + oldest closed), "
        "CPU time, median [min, max] over repetitions",
        sizes, 20);
    std::printf("  %lld/%lld    decisions/s at 1000\n", static_cast<long long>(sizes.back()),
                static_cast<long long>(sizes.front()));
    for (const std::string_view strategy : kStrategies) {
        print_pair_row(rep, strategy, "pair", strategy, sizes);
    }
    print_pair_row(rep, "least_loaded, no hints", "pair_unhinted", "least_loaded", sizes);
}

// The decision alone (the split run's message phase: one new conversation routed through
// Shard::apply, no close), against the same targets as the pair; wall time, so noisier.
void print_message_verdicts(const CapturingReporter& rep, std::string_view strategy,
                            const std::vector<double>& medians) {
    if (medians.front() > 0 && medians.back() > 0) {
        const double ratio = medians.back() / medians.front();
        std::printf("  %5.2fx %-6s", ratio, verdict(ratio <= kTargetScaling));
    } else {
        std::printf("  %-13s", "  -");
    }
    const std::vector<double> at_1000 = rep.wall_ns(name_of("split", strategy, 1000));
    if (at_1000.empty()) {
        std::printf("  -\n");
    } else {
        const double rate = 1e9 / median(at_1000);
        std::printf("  %5.2f M/s %s\n", rate / 1e6, verdict(rate >= kTargetPerSecond));
    }
}

void print_split_table(const CapturingReporter& rep, const std::vector<std::int64_t>& sizes) {
    char title[200];
    std::snprintf(title, sizeof title,
                  "Split estimate (batches of %lld opens, then their closes), wall time, medians: "
                  "message ns + close ns vs the pair's wall ns",
                  static_cast<long long>(kSplitBatch));
    print_header(title, sizes, 24);
    std::printf("  message alone: %lld/%lld, per s at 1000\n", static_cast<long long>(sizes.back()),
                static_cast<long long>(sizes.front()));
    for (const std::string_view strategy : kStrategies) {
        std::printf("%-22.*s", static_cast<int>(strategy.size()), strategy.data());
        std::vector<double> messages;
        for (const std::int64_t n : sizes) {
            const std::string name = name_of("split", strategy, n);
            const std::vector<double> message = rep.wall_ns(name);
            const std::vector<double> close = rep.counter(name, "close_ns");
            const std::vector<double> pair = rep.wall_ns(name_of("pair", strategy, n));
            messages.push_back(message.empty() ? 0 : median(message));
            if (message.empty() || close.empty() || pair.empty()) {
                std::printf(" %24s", "-");
            } else {
                std::printf("  %5.0f + %5.0f vs %5.0f", median(message), median(close),
                            median(pair));
            }
        }
        print_message_verdicts(rep, strategy, messages);
    }
}

void print_memory(const CapturingReporter& rep, std::int64_t count) {
    const std::string name = "memory/resident/" + std::to_string(count);
    if (rep.counter(name, "total_B").empty()) return;
    const auto value = [&](const char* key) { return rep.counter(name, key).front(); };
    const double total = value("total_B");
    std::printf(
        "\nResident conversations: %lld open (%.0f%% assigned, the rest waiting), %.2f timers "
        "each, record sizeof(Conversation) = %zu B\n  per conversation: operator new %.0f B + "
        "wheel nodes %.0f B (reserved up front) = %.0f B, budget %.0f B: %s\n  cross-checks: "
        "mallinfo2 %.0f B (also without the wheel), RSS %.0f B (with the wheel pages touched); "
        "slowest single open %.1f ms\n",
        static_cast<long long>(count), value("assigned_pct"), value("timers"),
        sizeof(model::Conversation), value("heap_B"), value("wheel_B"), total, kBudgetBytes,
        verdict(total <= kBudgetBytes), value("malloc_B"), value("rss_B"),
        value("slowest_open_ms"));
}

}  // namespace
}  // namespace switchboard::bench

int main(int argc, char** argv) {
    using namespace switchboard::bench;
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    const bool quick = short_mode();
    const std::vector<std::int64_t> sizes =
        quick ? std::vector<std::int64_t>{100, 1'000, 10'000}
              : std::vector<std::int64_t>{100, 1'000, 10'000, 100'000};
    const std::int64_t resident = quick ? 200'000 : 1'000'000;
    // First, on a fresh heap, so that the RSS delta is not hidden by pages freed earlier.
    benchmark::RegisterBenchmark("memory/resident", bm_memory)
        ->Arg(resident)
        ->Iterations(1)
        ->Repetitions(1)
        ->Unit(benchmark::kMillisecond);
    for (const std::string_view strategy : kStrategies) {
        for (const std::int64_t n : sizes) {
            benchmark::RegisterBenchmark(("pair/" + std::string(strategy)).c_str(), bm_pair,
                                         strategy, true)
                ->Arg(n)
                ->UseRealTime();
            if (strategy == "least_loaded") {
                benchmark::RegisterBenchmark("pair_unhinted/least_loaded", bm_pair, strategy, false)
                    ->Arg(n)
                    ->UseRealTime();
            }
            benchmark::RegisterBenchmark(("split/" + std::string(strategy)).c_str(), bm_split,
                                         strategy)
                ->Arg(n)
                ->UseManualTime();
        }
    }
    CapturingReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    print_pair_table(reporter, sizes);
    print_split_table(reporter, sizes);
    print_memory(reporter, resident);
    benchmark::Shutdown();
    return 0;
}
