// The gateway server over loopback TCP (issue "Server", item 11). A child process runs the real
// engine and server; this process is one gateway connection that batches its frames. Measured:
//  - ingest: frames/s the server reads, frames, decodes and hands to the engine (agent_capacity
//    events: applied, no output);
//  - routed: customer message in -> ASSIGNED delivery out, end to end, at saturation (each
//    assignment answered with a close and a new conversation, acks in batches);
//  - latency at half the routed rate (SB_LOAD=0.2: at 20%): message sent -> assignment received,
//  every sample kept;
//    Ping -> Pong interleaved at the same time is the loopback + I/O-thread baseline, and the
//    difference of the two is what the engine adds;
//  - system calls of the server process per event, from /proc/PID/io (syscr + syscw: reads and
//    writes; epoll_wait and futex are not counted there).
// SB_BENCH_SHORT=1 (ctest) runs each phase briefly. SB_ENGINE_LATENCY=1 also prints, per phase,
// the engine's own submit -> outputs published histogram (Engine::latency) from the server.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine/config/parse_config.hpp"
#include "engine/net/gateway_client.hpp"
#include "engine/net/server.hpp"
#include "engine/runtime/engine.hpp"

#include "bench/short_mode.hpp"

namespace sb = switchboard;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

constexpr int kAgents = 200;
constexpr int kCapacity = 50;
constexpr int kBatch = 256;  // frames per flush

std::string bench_config() {
    return R"(
server:
  listen: 127.0.0.1:0
  max_buffered_bytes: 16777216
gateways:
  - id: bench
    token: bench-token-0123456789
    tenants: [shop]
tenants:
  - id: shop
    skills: [s]
    agents: {default_capacity: 50, max_capacity: 50}
    sla_policies: [{name: slow, first_reply_ms: 3600000, next_reply_ms: 3600000}]
    tiers: [{name: normal, priority: 1, sla: slow}]
    queues: [{name: q, skills: [s]}]
)";
}

// System calls of the server process that move data: /proc/PID/io counts read()/write()
// (syscr/syscw: the eventfd the shards wake the I/O thread with, files), but not the socket
// calls recvmsg/sendmsg, which the server counts itself (one per completed read or write).
// epoll_wait and futex are in neither.
struct Calls {
    std::uint64_t proc = 0;
    std::uint64_t socket = 0;
    std::uint64_t total() const { return proc + socket; }
};

int g_ask_fd = -1;
int g_answer_fd = -1;

Calls server_calls(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/io");
    Calls calls;
    std::string key;
    std::uint64_t value = 0;
    while (in >> key >> value) {
        if (key == "syscr:" || key == "syscw:") calls.proc += value;
    }
    std::uint64_t socket[2] = {0, 0};
    if (::write(g_ask_fd, "s", 1) == 1 &&
        ::read(g_answer_fd, socket, sizeof socket) == sizeof socket) {
        calls.socket = socket[0] + socket[1];
    }
    return calls;
}

// Child: serves until its stdin (a pipe from the parent) closes; writes the port to `port_fd`.
[[noreturn]] void run_server(int port_fd, int stop_fd) {
    spdlog::set_level(spdlog::level::warn);
    auto parsed = sb::config::parse_config(bench_config(), "server_bench.yaml");
    if (!parsed.ok()) {
        std::fprintf(stderr, "%s\n", parsed.error().message.c_str());
        ::_exit(2);
    }
    parsed.value().version = 1;
    auto snapshot = std::make_shared<const sb::config::Snapshot>(std::move(parsed).value());
    auto engine = sb::runtime::Engine::start(snapshot).value();
    auto server = sb::net::Server::create(engine, snapshot, "bench").value();
    const std::uint16_t port = server->port();
    (void)::write(port_fd, &port, sizeof port);
    // Each byte from the parent asks for the socket call counters; end of file stops the server.
    std::thread stopper([&] {
        char c;
        sb::runtime::LatencySnapshot last;
        while (::read(stop_fd, &c, 1) > 0) {
            // The engine's own latency since the previous request: per phase.
            auto now = engine->latency();
            auto phase = now;
            phase.count -= last.count;
            for (std::size_t i = 0; i < phase.buckets.size(); ++i)
                phase.buckets[i] -= last.buckets[i];
            last = now;
            if (std::getenv("SB_ENGINE_LATENCY") != nullptr && phase.count > 0) {
                std::fprintf(stderr,
                             "    [engine: submit -> published since last: p50 <= %lld us, p99 <= "
                             "%lld us, p99.9 <= %lld us, %llu events]\n",
                             static_cast<long long>(phase.quantile_bound_ns(0.5) / 1000),
                             static_cast<long long>(phase.quantile_bound_ns(0.99) / 1000),
                             static_cast<long long>(phase.quantile_bound_ns(0.999) / 1000),
                             static_cast<unsigned long long>(phase.count));
            }
            const auto counters = server->stats().load();
            const std::uint64_t calls[2] = {counters.reads, counters.writes};
            (void)::write(port_fd, calls, sizeof calls);
        }
        server->shutdown();
    });
    server->run();
    stopper.join();
    // Where the time goes: the engine's own submit -> outputs published latency, whole run.
    const auto latency = engine->latency();
    std::fprintf(
        stderr,
        "  engine latency (submit -> published, whole run, bucket bounds): p50 <= %lld us, "
        "p99 <= %lld us, p99.9 <= %lld us over %llu events\n",
        static_cast<long long>(latency.quantile_bound_ns(0.5) / 1000),
        static_cast<long long>(latency.quantile_bound_ns(0.99) / 1000),
        static_cast<long long>(latency.quantile_bound_ns(0.999) / 1000),
        static_cast<unsigned long long>(latency.count));
    ::_exit(0);
}

struct Percentiles {
    double p50 = 0, p90 = 0, p99 = 0, p999 = 0;
    std::size_t n = 0;
};

Percentiles percentiles(std::vector<double> v) {
    Percentiles p;
    p.n = v.size();
    if (v.empty()) return p;
    std::sort(v.begin(), v.end());
    const auto at = [&](double q) {
        return v[std::min(v.size() - 1, std::size_t(q * double(v.size())))];
    };
    p.p50 = at(0.5);
    p.p90 = at(0.9);
    p.p99 = at(0.99);
    p.p999 = at(0.999);
    return p;
}

class Gateway {
  public:
    Gateway(std::uint16_t port)
        : client_(sb::net::GatewayClient::connect("127.0.0.1", port).value()) {
        auto ok = client_->hello("bench", "bench-token-0123456789");
        if (!ok.ok()) {
            std::fprintf(stderr, "hello: %s\n", ok.error().message.c_str());
            std::exit(1);
        }
        for (int a = 0; a < kAgents; ++a) {
            client_->send(sb::runtime::Submission{
                sb::core::AgentLogin{"shop", agent(a), {{"s", 5}}, {}, kCapacity}, "", 0});
        }
        sync();
    }

    static std::string agent(int a) { return "agent" + std::to_string(a); }

    // A Ping/Pong round trip: everything sent before it has been read by the server.
    void sync() {
        client_->send(sb::net::Ping{0xFFFF'FFFF});
        (void)client_->flush();
        for (;;) {
            auto next = client_->next(10s);
            if (!next.ok() || !next.value()) {
                std::fprintf(stderr, "sync: no pong\n");
                std::exit(1);
            }
            if (auto* p = std::get_if<sb::net::Pong>(&*next.value());
                p && p->correlation == 0xFFFF'FFFF)
                return;
            handle(*next.value());
        }
    }

    double ingest(std::size_t frames) {
        const auto start = Clock::now();
        for (std::size_t i = 0; i < frames; ++i) {
            client_->send(sb::runtime::Submission{
                sb::core::AgentCapacityChange{"shop", agent(int(i % kAgents)), kCapacity}, "", 0});
            if (i % kBatch == kBatch - 1) (void)client_->flush();
        }
        sync();
        return double(frames) / std::chrono::duration<double>(Clock::now() - start).count();
    }

    // Opens conversations at `rate` per second (0: as fast as the window allows) for `duration`;
    // every assignment is answered by a close. Returns assignments per second.
    double route(double rate, Clock::duration duration, bool record_latency) {
        const std::size_t window = kAgents * kCapacity * 8 / 10;
        const auto start = Clock::now();
        const auto end = start + duration;
        std::uint64_t assigned_before = assigned_;
        auto next_open = start;
        const auto gap = rate > 0 ? std::chrono::duration_cast<Clock::duration>(
                                        std::chrono::duration<double>(1.0 / rate))
                                  : Clock::duration(0);
        auto next_ping = start;
        while (Clock::now() < end) {
            int sent = 0;
            auto now = Clock::now();
            while (open_ < window && sent < kBatch && (rate == 0 || next_open <= now)) {
                open(record_latency ? now : Clock::time_point{});
                next_open += gap;
                ++sent;
            }
            if (record_latency && ping_sent_ == Clock::time_point{} && now >= next_ping) {
                client_->send(sb::net::Ping{1});
                ping_sent_ = now;
                next_ping = now + 1ms;
            }
            flush_acks();
            (void)client_->flush();
            // Paced: sleep in ppoll until a frame arrives or the next open or ping is due, so the
            // client does not take a core from the server; at saturation: just look.
            auto wait = Clock::duration(0);
            if (rate > 0) {
                const auto due = record_latency ? std::min(next_open, next_ping) : next_open;
                wait = std::max(Clock::duration(0), due - Clock::now());
            }
            for (auto m = client_->next(wait); m.ok() && m.value(); m = client_->poll()) {
                handle(*m.value());
            }
        }
        const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
        drain();
        return double(assigned_ - assigned_before) / seconds;
    }

    std::vector<double>& assign_latency_us() { return assign_latency_us_; }
    std::vector<double>& ping_latency_us() { return ping_latency_us_; }

  private:
    void open(Clock::time_point stamp) {
        const std::uint64_t id = ++next_id_;
        client_->send(sb::runtime::Submission{
            sb::core::CustomerMessage{"shop", "c" + std::to_string(id), "", "", {"s"}}, "hi", id});
        if (stamp != Clock::time_point{}) sent_at_.emplace_back(id, stamp);
        ++open_;
    }
    void handle(sb::net::ServerMessage& m) {
        if (auto* d = std::get_if<sb::net::DeliveryFrame>(&m)) {
            if (d->delivery.kind != sb::runtime::DeliveryKind::kAssigned) return;
            ++assigned_;
            auto& seq = acks_[d->agent];
            seq = std::max(seq, d->delivery.seq);
            const std::uint64_t id = d->delivery.correlation;
            if (!sent_at_.empty()) {
                const auto it =
                    std::lower_bound(sent_at_.begin(), sent_at_.end(), id,
                                     [](const auto& e, std::uint64_t v) { return e.first < v; });
                if (it != sent_at_.end() && it->first == id) {
                    assign_latency_us_.push_back(
                        std::chrono::duration<double, std::micro>(Clock::now() - it->second)
                            .count());
                }
            }
            client_->send(sb::runtime::Submission{
                sb::core::CloseConversation{"shop", d->delivery.conversation}, "", 0});
            --open_;
        } else if (auto* p = std::get_if<sb::net::Pong>(&m)) {
            if (p->correlation == 1 && ping_sent_ != Clock::time_point{}) {
                ping_latency_us_.push_back(
                    std::chrono::duration<double, std::micro>(Clock::now() - ping_sent_).count());
                ping_sent_ = {};
            }
        } else if (auto* e = std::get_if<sb::net::ErrorFrame>(&m)) {
            std::fprintf(stderr, "server error: %s\n", e->message.c_str());
            std::exit(1);
        }
    }
    void flush_acks() {
        for (auto& [agent, seq] : acks_) client_->send(sb::net::Ack{"shop", agent, seq, 0});
        acks_.clear();
    }
    void drain() {
        const auto deadline = Clock::now() + 10s;
        while (open_ > 0 && Clock::now() < deadline) {
            flush_acks();
            (void)client_->flush();
            auto m = client_->next(10ms);
            while (m.ok() && m.value()) {
                handle(*m.value());
                m = client_->poll();
            }
        }
        flush_acks();
        sync();
        sent_at_.clear();
    }

    std::unique_ptr<sb::net::GatewayClient> client_;
    std::uint64_t next_id_ = 0;
    std::size_t open_ = 0;
    std::uint64_t assigned_ = 0;
    std::map<std::string, std::uint64_t> acks_;
    std::vector<std::pair<std::uint64_t, Clock::time_point>> sent_at_;  // ids ascending
    std::vector<double> assign_latency_us_;
    std::vector<double> ping_latency_us_;
    Clock::time_point ping_sent_{};
};

}  // namespace

int main() {
    const bool quick = sb::bench::short_mode();
    int port_pipe[2], stop_pipe[2];
    if (::pipe(port_pipe) != 0 || ::pipe(stop_pipe) != 0) return 1;
    const pid_t child = ::fork();
    if (child == 0) {
        ::close(port_pipe[0]);
        ::close(stop_pipe[1]);
        run_server(port_pipe[1], stop_pipe[0]);
    }
    ::close(port_pipe[1]);
    ::close(stop_pipe[0]);
    std::uint16_t port = 0;
    if (::read(port_pipe[0], &port, sizeof port) != sizeof port) return 1;
    g_ask_fd = stop_pipe[1];
    g_answer_fd = port_pipe[0];

    auto gateway = std::make_unique<Gateway>(port);
    Gateway& gw = *gateway;
    std::printf(
        "gateway server over loopback TCP, one gateway connection, %d agents x %d "
        "capacity, frames flushed in batches of %d%s\n",
        kAgents, kCapacity, kBatch, quick ? " (short mode)" : "");

    const std::size_t ingest_frames = quick ? 50'000 : 2'000'000;
    auto io0 = server_calls(child);
    const double ingest = gw.ingest(ingest_frames);
    auto io1 = server_calls(child);
    const double ingest_sys = double(io1.total() - io0.total()) / double(ingest_frames);
    std::printf(
        "  ingest (read+frame+decode+engine, no output): %10.0f frames/s  %.4f syscalls/frame\n",
        ingest, ingest_sys);

    const auto routed_for = quick ? 1s : 5s;
    io0 = server_calls(child);
    const auto before = Clock::now();
    const double routed = gw.route(0, routed_for, false);
    const double elapsed = std::chrono::duration<double>(Clock::now() - before).count();
    io1 = server_calls(child);
    // Events the server took: each conversation is a customer message and a close (acks aside).
    const double events = 2.0 * routed * elapsed;
    const double routed_sys = double(io1.total() - io0.total()) / events;
    std::printf("  (server calls during the routed phase: %llu read/write + %llu socket)\n",
                static_cast<unsigned long long>(io1.proc - io0.proc),
                static_cast<unsigned long long>(io1.socket - io0.socket));
    std::printf(
        "  routed (message in -> assignment out):       %10.0f assignments/s  %.4f "
        "syscalls/event\n",
        routed, routed_sys);

    // SB_LOAD=0.2 paces at 20% of the measured maximum instead of half.
    const double load = std::getenv("SB_LOAD") ? std::atof(std::getenv("SB_LOAD")) : 0.5;
    const double half = routed * load;
    (void)server_calls(child);
    const double half_rate = gw.route(half, quick ? 1s : 5s, true);
    (void)server_calls(child);
    const auto a = percentiles(gw.assign_latency_us());
    const auto p = percentiles(gw.ping_latency_us());
    std::printf(
        "  at %.0f%% load (%.0f/s offered, %.0f/s done), latency in us over %zu assignments / %zu "
        "pings:\n",
        load * 100, half, half_rate, a.n, p.n);
    std::printf("    message -> assignment  p50 %8.1f  p90 %8.1f  p99 %8.1f  p99.9 %8.1f\n", a.p50,
                a.p90, a.p99, a.p999);
    std::printf("    ping -> pong           p50 %8.1f  p90 %8.1f  p99 %8.1f  p99.9 %8.1f\n", p.p50,
                p.p90, p.p99, p.p999);
    std::printf("    engine-added p99 (assignment p99 - ping p99): %.1f us\n", a.p99 - p.p99);
    std::printf(
        "  targets: routed >= 500000/s: %.2fx; syscalls/event <= 0.1: %.4f; "
        "engine-added p99 <= 50 us: %.1f us\n",
        routed / 500000.0, routed_sys, a.p99 - p.p99);

    gateway.reset();
    std::fflush(stdout);
    ::close(stop_pipe[1]);
    int status = 0;
    ::waitpid(child, &status, 0);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
