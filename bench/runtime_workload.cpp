#include "bench/runtime_workload.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <string>
#include <thread>
#include <utility>

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include "engine/config/parse_config.hpp"

#include "bench/short_mode.hpp"

namespace switchboard::bench {
namespace {

constexpr std::uint32_t kAgents = 1000;
constexpr std::uint64_t kOpenWindow = 500;  // follow-ups and close trail the open by this much

constexpr const char* kConfig = R"(
engine:
  shards: 1
  ring_capacity: 8192
tenants:
  - id: shop
    skills: [presales]
    agents:
      default_capacity: 8
      max_capacity: 8
    sla_policies:
      - name: chat
        first_reply_ms: 60000
        next_reply_ms: 60000
    tiers:
      - name: normal
        priority: 10
        sla: chat
    queues:
      - name: presales
        skills: [presales]
        strategy: least_loaded
)";

std::shared_ptr<const config::Snapshot> bench_snapshot() {
    auto parsed = config::parse_config(kConfig, "runtime_bench.yaml");
    if (!parsed.ok()) {
        std::fprintf(stderr, "%s\n", parsed.error().message.c_str());
        std::abort();
    }
    return std::make_shared<const config::Snapshot>(std::move(parsed).value());
}

std::uint64_t steady_ns() {
    return static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch() /
                                      std::chrono::nanoseconds(1));
}

std::vector<Submission> logins() {
    std::vector<Submission> out;
    for (std::uint32_t a = 0; a < kAgents; ++a) {
        out.push_back(Submission{
            core::AgentLogin{"shop", "agent-" + std::to_string(a), {{"presales", 5}}, {}, {}},
            {},
            0});
    }
    return out;
}

// How long this process's threads were ready to run but waited for a CPU held by someone else
// (another process; in the 3-thread layout also another of our threads): the run_delay field of
// /proc/self/task/<tid>/schedstat (Linux, CONFIG_SCHED_INFO), summed over the threads alive when
// the run starts (shard, I/O or delivery thread, producer) and sampled every 10 ms by the thread
// that drives the run: one pread per thread per window, nothing per event.
//
// Why the bench needs it: on a shared 2-vCPU machine other processes take our cores (even from a
// SCHED_FIFO thread: the kernel's fair server gives ordinary tasks up to 50 ms per second), and a
// thread kept off its core for D ms leaves D ms of events waiting, which then drain at the
// engine's spare rate through rings thousands deep. That, not the engine, is the millisecond
// tail. So windows in which the threads waited more than kDisturbedNs mark as disturbed every
// output in flight from D before them to 2D + a window or two after them (the backlog drains at
// about the paced rate when pacing at half the maximum); the other outputs are the engine on cores
// of its own (waking a parked thread on an idle vCPU is not counted: it is the engine's own cost).
// Both sets are reported. Without /proc (not Linux), cpu_wait_ms is -1 and nothing is excluded.
class CpuWaitMonitor {
  public:
    static constexpr std::uint64_t kWindowNs = 10'000'000;
    static constexpr std::uint64_t kDisturbedNs = 50'000;

    explicit CpuWaitMonitor(std::uint64_t now_ns) {
        if (DIR* dir = opendir("/proc/self/task")) {
            while (const dirent* e = readdir(dir)) {
                if (e->d_name[0] == '.') continue;
                const std::string path = std::string("/proc/self/task/") + e->d_name + "/schedstat";
                const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
                if (fd >= 0) fds_.push_back(fd);
            }
            closedir(dir);
        }
        samples_.reserve(1 << 16);
        take(now_ns);
    }
    ~CpuWaitMonitor() {
        for (int fd : fds_) close(fd);
    }
    CpuWaitMonitor(const CpuWaitMonitor&) = delete;
    CpuWaitMonitor& operator=(const CpuWaitMonitor&) = delete;

    void sample(std::uint64_t now_ns) {
        if (now_ns >= samples_.back().at_ns + kWindowNs) take(now_ns);
    }

    // Closes the last window and works out the disturbed spans: consecutive disturbed windows
    // form one episode, whose threads waited W in all; its span runs from W before its first
    // window to 2W + one window after the clean window that ends it.
    void finish(std::uint64_t now_ns) {
        take(now_ns);
        std::uint64_t waited = 0;  // in the episode so far
        std::uint64_t from = 0;
        for (std::size_t i = 1; i < samples_.size(); ++i) {
            const std::uint64_t w = samples_[i].wait_ns - samples_[i - 1].wait_ns;
            const bool disturbed = w > kDisturbedNs;
            if (disturbed) {
                ++disturbed_windows_;
                if (waited == 0) from = samples_[i - 1].at_ns;
                waited += w;
            }
            if (waited == 0 || (disturbed && i + 1 < samples_.size())) continue;
            add_span(from - std::min(waited, from), samples_[i].at_ns + 2 * waited + kWindowNs);
            waited = 0;
        }
    }

    bool available() const noexcept { return !fds_.empty(); }
    // Whether [sent_ns, received_ns] overlaps a disturbed span. After finish().
    bool disturbed(std::uint64_t sent_ns, std::uint64_t received_ns) const {
        if (!available()) return false;
        auto it =
            std::upper_bound(spans_.begin(), spans_.end(), received_ns,
                             [](std::uint64_t t, const auto& span) { return t < span.first; });
        return it != spans_.begin() && std::prev(it)->second >= sent_ns;
    }
    double wait_ms() const noexcept {
        return static_cast<double>(samples_.back().wait_ns - samples_.front().wait_ns) / 1e6;
    }
    std::uint32_t windows() const noexcept {
        return static_cast<std::uint32_t>(samples_.size() - 1);
    }
    std::uint32_t disturbed_windows() const noexcept { return disturbed_windows_; }

  private:
    struct Sample {
        std::uint64_t at_ns;
        std::uint64_t wait_ns;  // run_delay summed over the threads
    };

    void add_span(std::uint64_t from, std::uint64_t to) {
        if (!spans_.empty() && from <= spans_.back().second) {
            spans_.back().second = std::max(spans_.back().second, to);
        } else {
            spans_.emplace_back(from, to);
        }
    }

    void take(std::uint64_t now_ns) {
        std::uint64_t total = 0;
        for (int fd : fds_) {
            char buf[128];
            const ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
            if (n <= 0) continue;  // the thread ended
            buf[n] = '\0';
            // "<ns on cpu> <ns waiting on a runqueue> <timeslices>"
            char* rest = nullptr;
            (void)std::strtoull(buf, &rest, 10);
            total += std::strtoull(rest, nullptr, 10);
        }
        samples_.push_back(Sample{now_ns, total});
    }

    std::vector<int> fds_;
    std::vector<Sample> samples_;
    std::vector<std::pair<std::uint64_t, std::uint64_t>> spans_;  // sorted, disjoint
    std::uint32_t disturbed_windows_ = 0;
};

// Splits a paced run's latencies by the monitor's verdict.
void classify(RunFigures& f, const std::vector<std::uint64_t>& received_ns,
              const CpuWaitMonitor& monitor) {
    f.undisturbed_latencies_ns.reserve(f.latencies_ns.size());
    for (std::size_t i = 0; i < f.latencies_ns.size(); ++i) {
        const auto latency = static_cast<std::uint64_t>(f.latencies_ns[i]);
        if (!monitor.disturbed(received_ns[i] - latency, received_ns[i])) {
            f.undisturbed_latencies_ns.push_back(f.latencies_ns[i]);
        }
    }
    f.cpu_wait_ms = monitor.available() ? monitor.wait_ms() : -1;
    f.windows = monitor.windows();
    f.disturbed_windows = monitor.disturbed_windows();
}

// Counts outputs, records latencies when events carry send times, and acknowledges each
// agent's deliveries once per poll, as a gateway acks per network round trip.
class Counter final : public OutputHandler {
  public:
    Counter(Router& router, bool timed) : router_(&router), timed_(timed) {}
    void on_delivery(AgentStream stream, const Delivery& d) override {
        count(d.correlation);
        if (to_ack_.empty() || !(to_ack_.back().first == stream)) to_ack_.emplace_back(stream, 0);
        to_ack_.back().second = d.seq;
    }
    void on_notice(const Notice& n) override { count(n.correlation); }
    std::size_t poll() {
        const std::size_t n = router_->poll(*this);
        for (const auto& [stream, seq] : to_ack_) (void)router_->ack(stream, seq);
        to_ack_.clear();
        return n;
    }

    RunFigures figures;
    std::vector<std::uint64_t> received_ns;  // per latency, when timed

  private:
    std::vector<std::pair<AgentStream, std::uint64_t>> to_ack_;
    void count(std::uint64_t sent_ns) {
        ++figures.outputs;
        if (!timed_) return;
        const std::uint64_t now = steady_ns();
        figures.latencies_ns.push_back(static_cast<double>(now - sent_ns));
        received_ns.push_back(now);
    }
    Router* router_;
    bool timed_;
};

// As fast as possible: chunks of 64. Paced: what arrived in each 100 us goes in as one batch,
// like a gateway submitting what one socket read brought; the thread sleeps in between, so on
// two cores it does not take CPU from the shard and the delivery thread. Each event is stamped
// with the time it was submitted.
void submit_all(Gateway& gateway, std::vector<Submission>& events, double rate) {
    constexpr std::size_t kChunk = 64;
    constexpr std::uint64_t kPaceNs = 100'000;
    if (rate <= 0) {
        for (std::size_t i = 0; i < events.size(); i += kChunk) {
            const std::size_t n = std::min(kChunk, events.size() - i);
            gateway.submit_batch(std::span<Submission>(events.data() + i, n));
        }
        return;
    }
    const std::uint64_t start = steady_ns();
    std::size_t i = 0;
    while (i < events.size()) {
        const std::uint64_t now = steady_ns();
        const auto due = static_cast<std::size_t>(static_cast<double>(now - start) * rate / 1e9);
        const std::size_t end = std::min(events.size(), std::max(due, i));
        for (std::size_t k = i; k < end; ++k) events[k].correlation = now;
        gateway.submit_batch(std::span<Submission>(events.data() + i, end - i));
        i = end;
        std::this_thread::sleep_for(std::chrono::nanoseconds(kPaceNs));
    }
}

}  // namespace

std::vector<Submission> workload_events() {
    const std::uint64_t conversations = short_mode() ? 12'500 : 250'000;
    const std::string text = "hello, is the blue one in stock?";  // 32 bytes
    std::vector<Submission> out;
    out.reserve(4 * conversations);
    const auto msg = [&](std::uint64_t c) {
        out.push_back(Submission{
            core::CustomerMessage{
                "shop", "conv-" + std::to_string(c), "cust-" + std::to_string(c), "", {}},
            text, 0});
    };
    for (std::uint64_t i = 0; i < conversations + 3 * kOpenWindow; ++i) {
        if (i < conversations) msg(i);
        if (i >= kOpenWindow && i - kOpenWindow < conversations) msg(i - kOpenWindow);
        if (i >= 2 * kOpenWindow && i - 2 * kOpenWindow < conversations) msg(i - 2 * kOpenWindow);
        if (i >= 3 * kOpenWindow && i - 3 * kOpenWindow < conversations) {
            out.push_back(Submission{
                core::CloseConversation{"shop", "conv-" + std::to_string(i - 3 * kOpenWindow)},
                {},
                0});
        }
    }
    return out;
}

RunFigures run_workload(std::vector<Submission> events, double events_per_second) {
    Router router = Router::start(bench_snapshot()).value();
    Gateway gateway = router.connect().value();
    std::vector<Submission> agents = logins();
    gateway.submit_batch(agents);
    // Let the logins land before the clock starts.
    while (router.stats().shards[0].events < kAgents) std::this_thread::yield();

    const bool paced = events_per_second > 0;
    Counter counter(router, paced);
    counter.figures.latencies_ns.reserve(events.size());
    counter.received_ns.reserve(events.size());
    const std::uint64_t total = events.size();
    const auto start = std::chrono::steady_clock::now();
    std::thread producer([&] { submit_all(gateway, events, events_per_second); });
    CpuWaitMonitor monitor(steady_ns());  // after the producer exists: it watches it too
    const auto limit = start + std::chrono::seconds(120);
    while (counter.figures.outputs < total && std::chrono::steady_clock::now() < limit) {
        if (paced) monitor.sample(steady_ns());
        if (counter.poll() == 0) router.wait_for_output(std::chrono::milliseconds(1));
    }
    const auto end = std::chrono::steady_clock::now();
    monitor.finish(steady_ns());
    producer.join();
    router.stop();
    if (paced) classify(counter.figures, counter.received_ns, monitor);
    RunFigures f = std::move(counter.figures);
    f.events = total;
    f.seconds = std::chrono::duration<double>(end - start).count();
    return f;
}

RunFigures run_io_thread(std::vector<Submission> events, double events_per_second) {
    constexpr std::size_t kChunk = 64;
    Router router = Router::start(bench_snapshot()).value();
    Gateway gateway = router.connect().value();
    std::vector<Submission> agents = logins();
    gateway.submit_batch(agents);
    while (router.stats().shards[0].events < kAgents) std::this_thread::yield();

    const bool paced = events_per_second > 0;
    Counter counter(router, paced);
    counter.figures.latencies_ns.reserve(events.size());
    counter.received_ns.reserve(events.size());
    const std::uint64_t total = events.size();
    const std::uint64_t start_ns = steady_ns();
    CpuWaitMonitor monitor(start_ns);
    const auto start = std::chrono::steady_clock::now();
    const auto limit = start + std::chrono::seconds(120);
    std::size_t next = 0;
    while (counter.figures.outputs < total && std::chrono::steady_clock::now() < limit) {
        // What is due now (everything, when not paced), at most a chunk per pass.
        const std::uint64_t now = steady_ns();
        if (paced) monitor.sample(now);
        const std::size_t due = paced
                                    ? static_cast<std::size_t>(static_cast<double>(now - start_ns) *
                                                               events_per_second / 1e9)
                                    : events.size();
        const std::size_t n = std::min({kChunk, events.size() - next, due - std::min(due, next)});
        for (std::size_t k = next; k < next + n; ++k) events[k].correlation = now;
        const std::size_t taken =
            n == 0 ? 0 : gateway.try_submit_batch(std::span<Submission>(events.data() + next, n));
        next += taken;
        if (counter.poll() == 0 && taken == 0) {
            router.wait_for_output(std::chrono::microseconds(paced ? 20 : 100));
        }
    }
    const auto end = std::chrono::steady_clock::now();
    monitor.finish(steady_ns());
    router.stop();
    if (paced) classify(counter.figures, counter.received_ns, monitor);
    RunFigures f = std::move(counter.figures);
    f.events = total;
    f.seconds = std::chrono::duration<double>(end - start).count();
    return f;
}

double shard_only_rate(const std::vector<Submission>& events) {
    struct Count final : core::ActionSink {
        void on_action(const core::Action&) override { ++n; }
        std::uint64_t n = 0;
    } sink;
    core::Shard shard(bench_snapshot(), base::time_from_ms(0));
    for (const Submission& s : logins()) shard.apply(s.event, base::time_from_ms(0), sink);
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < events.size(); ++i) {
        // Engine time moves one millisecond per 1,000 events, as at ~1 M events/s.
        shard.apply(events[i].event, base::time_from_ms(static_cast<std::int64_t>(i / 1000)), sink);
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (sink.n < events.size()) std::fprintf(stderr, "shard_only: fewer actions than events\n");
    return static_cast<double>(events.size()) / seconds;
}

double measure_idle_cpu(std::chrono::milliseconds interval, double (*cpu_seconds)()) {
    Router router = Router::start(bench_snapshot()).value();
    Gateway gateway = router.connect().value();
    std::vector<Submission> agents = logins();
    gateway.submit_batch(agents);
    // Open conversations waiting for replies keep reply timers armed, so the shard still ticks.
    std::vector<Submission> open;
    for (int c = 0; c < 1500; ++c) {
        open.push_back(Submission{
            core::CustomerMessage{"shop", "idle-" + std::to_string(c), "cust", "", {}}, "hi", 0});
    }
    gateway.submit_batch(open);
    Counter counter(router, false);
    while (counter.figures.outputs < open.size()) {
        if (counter.poll() == 0) router.wait_for_output(std::chrono::milliseconds(1));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    const double cpu0 = cpu_seconds();
    const auto wall0 = std::chrono::steady_clock::now();
    const auto until = wall0 + interval;
    while (std::chrono::steady_clock::now() < until) {
        counter.poll();
        router.wait_for_output(std::chrono::milliseconds(100));
    }
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
    return 100.0 * (cpu_seconds() - cpu0) / wall;
}

}  // namespace switchboard::bench
