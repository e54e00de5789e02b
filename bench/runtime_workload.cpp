#include "bench/runtime_workload.hpp"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

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

  private:
    std::vector<std::pair<AgentStream, std::uint64_t>> to_ack_;
    void count(std::uint64_t sent_ns) {
        ++figures.outputs;
        if (timed_) figures.latencies_ns.push_back(static_cast<double>(steady_ns() - sent_ns));
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

    Counter counter(router, events_per_second > 0);
    counter.figures.latencies_ns.reserve(events.size());
    const std::uint64_t total = events.size();
    const auto start = std::chrono::steady_clock::now();
    std::thread producer([&] { submit_all(gateway, events, events_per_second); });
    const auto limit = start + std::chrono::seconds(120);
    while (counter.figures.outputs < total && std::chrono::steady_clock::now() < limit) {
        if (counter.poll() == 0) router.wait_for_output(std::chrono::milliseconds(1));
    }
    const auto end = std::chrono::steady_clock::now();
    producer.join();
    router.stop();
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
    const std::uint64_t total = events.size();
    const std::uint64_t start_ns = steady_ns();
    const auto start = std::chrono::steady_clock::now();
    const auto limit = start + std::chrono::seconds(120);
    std::size_t next = 0;
    while (counter.figures.outputs < total && std::chrono::steady_clock::now() < limit) {
        // What is due now (everything, when not paced), at most a chunk per pass.
        const std::uint64_t now = steady_ns();
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
    router.stop();
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
