// Ring hand-off of 64-byte events between two threads (issue: runtime, item 9): our SPSC ring
// against boost::lockfree::spsc_queue, moodycamel::ConcurrentQueue, tbb::concurrent_bounded_queue
// and std::mutex + std::deque, each bounded to the same capacity, batched (64 per call) and
// unbatched (1 per call). A producer thread pushes N events; this thread pops and reads them.
// Figure: wall nanoseconds per event for the whole transfer (two busy threads on two cores: wall
// time is the throughput a shard sees). Each contender runs several times; the table uses the
// median and shows min..max.
// The floor: the same 64-byte events moved between the same two threads with no queue at all,
// each written once and read once in place in a shared array of the ring's capacity, with one
// index store per 64 each way. No queue can hand an event over faster than its cache line moves
// between the cores, so this bounds every ratio a queue can reach against the mutex queue here.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <iterator>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <benchmark/benchmark.h>

#include "bench/ring_contenders.hpp"
#include "bench/short_mode.hpp"
#include "bench/spread.hpp"

namespace switchboard::bench {
namespace {

constexpr std::uint32_t kCapacity = 4096;

std::map<std::string, std::vector<double>>& results() {
    static std::map<std::string, std::vector<double>> table;
    return table;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Ends one repetition: the check that every event 0..items-1 arrived exactly once (their sum),
// and the figure, under `key`.
void record(benchmark::State& state, const std::string& key, double seconds, std::uint64_t items,
            std::uint64_t checksum) {
    benchmark::DoNotOptimize(checksum);
    if (checksum != items * (items - 1) / 2) state.SkipWithError("lost, torn or duplicated events");
    state.SetIterationTime(seconds);
    const double ns = seconds * 1e9 / static_cast<double>(items);
    state.counters["ns_per_event"] = ns;
    results()[key].push_back(ns);
}

template <typename Queue>
void bm_handoff(benchmark::State& state, const char* name) {
    const auto batch = static_cast<std::size_t>(state.range(0));
    const std::uint64_t items = short_mode() ? 200'000 : 5'000'000;
    for (auto _ : state) {
        Queue queue(kCapacity);
        std::thread producer([&] {
            std::vector<Event64> buf(batch);
            std::uint64_t next = 0;
            while (next < items) {
                const std::size_t n = std::min<std::uint64_t>(batch, items - next);
                for (std::size_t i = 0; i < n; ++i) buf[i].words[0] = next + i;
                std::size_t done = 0;
                while (done < n) done += queue.push(buf.data() + done, n - done);
                next += n;
            }
        });
        const auto start = std::chrono::steady_clock::now();
        std::vector<Event64> out(batch);
        std::uint64_t received = 0, checksum = 0;
        while (received < items) {
            const std::size_t n = queue.pop(out.data(), batch);
            for (std::size_t i = 0; i < n; ++i) checksum += out[i].words[0];
            received += n;
        }
        const double seconds = seconds_since(start);
        producer.join();
        record(state, std::string(name) + "/" + std::to_string(batch), seconds, items, checksum);
    }
}

// Bare cache-line transfer (see the top of the file). The producer writes event i straight into
// line i % kCapacity and publishes every 64 with a release store; the consumer reads each line
// where it lies and releases every 64 it has read.
void bm_line_floor(benchmark::State& state) {
    constexpr std::uint64_t kStep = 64;
    const std::uint64_t items = short_mode() ? 200'000 : 5'000'000;
    static_assert(kCapacity % kStep == 0);
    for (auto _ : state) {
        std::vector<Event64> lines(kCapacity);
        struct alignas(64) Index {
            std::atomic<std::uint64_t> value{0};
        };
        Index written, read;
        std::thread producer([&] {
            std::uint64_t read_seen = 0;
            for (std::uint64_t next = 0; next < items;) {
                const std::uint64_t n = std::min(kStep, items - next);
                while (next + n - read_seen > kCapacity) {
                    read_seen = read.value.load(std::memory_order_acquire);
                }
                for (std::uint64_t i = next; i < next + n; ++i) {
                    Event64& e = lines[i % kCapacity];
                    e.words[0] = i;
                    std::fill(std::begin(e.words) + 1, std::end(e.words), i);
                }
                next += n;
                written.value.store(next, std::memory_order_release);
            }
        });
        const auto start = std::chrono::steady_clock::now();
        std::uint64_t received = 0, written_seen = 0, checksum = 0;
        while (received < items) {
            while (written_seen == received) {
                written_seen = written.value.load(std::memory_order_acquire);
            }
            for (; received < written_seen; ++received) {
                const Event64& e = lines[received % kCapacity];
                checksum += e.words[0] + (e.words[7] - received);
            }
            read.value.store(received, std::memory_order_release);
        }
        const double seconds = seconds_since(start);
        producer.join();
        record(state, "floor/64", seconds, items, checksum);
    }
}

template <typename Queue>
void add(const char* name) {
    auto* b = benchmark::RegisterBenchmark((std::string("handoff/") + name).c_str(),
                                           bm_handoff<Queue>, name);
    b->Arg(1)->Arg(64)->Iterations(1)->Repetitions(short_mode() ? 1 : 5)->UseManualTime();
    b->Unit(benchmark::kMillisecond)->ReportAggregatesOnly(false);
}

Spread summary(const std::string& key) { return spread_of(results()[key]); }

void print_table() {
    const char* names[] = {"ours", "boost_spsc", "moodycamel", "tbb_bounded", "mutex_deque"};
    for (const int batch : {1, 64}) {
        std::printf("\nring hand-off, 64-byte events, batch %d (ns/event: median [min..max])\n",
                    batch);
        const Spread ours = summary(std::string("ours/") + std::to_string(batch));
        for (const char* name : names) {
            const Spread s = summary(std::string(name) + "/" + std::to_string(batch));
            std::printf("  %-12s %7.2f [%6.2f..%6.2f]   ours is %5.2fx its speed\n", name, s.median,
                        s.min, s.max, ours.median > 0 ? s.median / ours.median : 0.0);
        }
    }
    const double ours = summary("ours/64").median;
    const double boost = summary("boost_spsc/64").median;
    const double mutex_batched = summary("mutex_deque/64").median;
    const double mutex_single = summary("mutex_deque/1").median;
    std::printf("\n  target ours >= 0.9x best SPSC (boost), batched: %5.2fx  %s\n", boost / ours,
                boost / ours >= 0.9 ? "MET" : "MISSED");
    std::printf("  target ours batched >= 20x mutex+deque batched: %5.1fx  %s\n",
                mutex_batched / ours, mutex_batched / ours >= 20 ? "MET" : "MISSED");
    std::printf("  (ours batched vs mutex+deque one event per lock: %5.1fx)\n",
                mutex_single / ours);
    const double floor = summary("floor/64").median;
    if (floor <= 0 || short_mode()) return;  // filtered out; or too short to mean anything
    std::printf("\n  floor (no queue: each line written and read once in place): %5.2f ns/event\n",
                floor);
    std::printf(
        "  ours batched at %4.2fx the floor; at this capacity and batch, the most any queue\n"
        "  can reach against mutex+deque batched here is %4.1fx (20x needs %4.2f ns/event,\n"
        "  %4.1fx below the floor)\n",
        ours / floor, mutex_batched / floor, mutex_batched / 20, floor * 20 / mutex_batched);
}

}  // namespace
}  // namespace switchboard::bench

int main(int argc, char** argv) {
    using namespace switchboard::bench;
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    add<OurRing>("ours");
    add<BoostSpsc>("boost_spsc");
    add<Moodycamel>("moodycamel");
    add<TbbBounded>("tbb_bounded");
    add<MutexDeque>("mutex_deque");
    benchmark::RegisterBenchmark("floor/64", bm_line_floor)
        ->Iterations(1)
        ->Repetitions(short_mode() ? 1 : 5)
        ->UseManualTime()
        ->Unit(benchmark::kMillisecond);
    benchmark::RunSpecifiedBenchmarks();
    print_table();
    benchmark::Shutdown();
    return 0;
}
