// The gateway server over loopback TCP (issue "Server", item 11; issue 7, items 5-6). A child
// process runs the real engine and server (server_bench_child); this process is one gateway
// connection that batches its frames (server_bench_gateway). Measured:
//  - ingest: frames/s the server reads, frames, decodes and hands to the engine (agent_capacity
//    events: applied, no output);
//  - routed: customer message in -> ASSIGNED delivery out, end to end, at saturation (each
//    assignment answered with a close and a new conversation, acks in batches): the
//    "end-to-end assignments/s" that bench/peers.sh compares with a Redis-backed assigner;
//  - latency at half the routed rate (SB_LOAD=0.2: at 20%): message sent -> assignment received,
//    every sample kept; one message in 25 is followed in its write by a Ping, whose round trip
//    is that message's loopback + I/O-thread baseline, and how much later than the Pong its
//    assignment arrived is what the engine added (per message; bench/README.md);
//  - relay: follow-up customer messages on 2,000 assigned conversations, each relayed to its
//    agent as a delivery frame, at saturation: relay events/s, compared with nats-server;
//  - system calls of the server process per event, from /proc/PID/io (syscr + syscw: reads and
//    writes; epoll_wait and futex are not counted there) plus the server's socket call counts.
// SB_BENCH_SHORT=1 (ctest) runs each phase briefly. SB_PIN=1 pins the threads (Placement in
// server_bench_child.hpp). SB_ENGINE_LATENCY=1 also prints, per phase, the engine's own
// submit -> outputs published histogram (Engine::latency) from the server.
// SB_ENGINE_KEYS="idle_spin_us: 0, batch_max: 32" adds engine keys to the server's config, for
// experiments (a bad key fails the server's config parse, which prints why).
// SB_BENCH_JSON=path writes the figures as one JSON object (bench_json.hpp).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <string>
#include <vector>

#include "engine/runtime/cpu_affinity.hpp"
#include "engine/runtime/thread_name.hpp"

#include "bench/bench_json.hpp"
#include "bench/relay_frame.hpp"
#include "bench/server_bench_child.hpp"
#include "bench/server_bench_gateway.hpp"
#include "bench/short_mode.hpp"

namespace sb = switchboard;
using sb::bench::Clock;
using namespace std::chrono_literals;

namespace {

constexpr std::size_t kRelayConversations = 2'000;

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

void print_percentiles(const char* what, const Percentiles& p) {
    std::printf("    %-22s p50 %8.1f  p90 %8.1f  p99 %8.1f  p99.9 %8.1f\n", what, p.p50, p.p90,
                p.p99, p.p999);
}

// CPU time of this process (the gateway client, one thread) and of each server thread: a
// phase's difference says which thread each event's cost lands on.
struct CpuSample {
    std::uint64_t client_ns = 0;
    std::vector<sb::bench::ThreadCpu> server;
};

CpuSample sample_cpu(const sb::bench::ServerChild& server) {
    timespec ts{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return {std::uint64_t(ts.tv_sec) * 1'000'000'000u + std::uint64_t(ts.tv_nsec),
            server.thread_cpu()};
}

// Prints CPU microseconds per `unit` (events of the phase) for the client and every server
// thread that ran during the phase, and adds them to the JSON as cpu_us_<phase>_<thread>.
void print_cpu(const char* phase, const CpuSample& before, const CpuSample& after, double units,
               sb::bench::JsonFigures& json) {
    const auto per_unit = [&](std::uint64_t ns) { return double(ns) / 1000.0 / units; };
    std::printf("    CPU us per %s: client %.2f", phase,
                per_unit(after.client_ns - before.client_ns));
    json.add(std::string("cpu_us_") + phase + "_client",
             per_unit(after.client_ns - before.client_ns));
    for (const auto& thread : after.server) {
        std::uint64_t then = 0;
        for (const auto& old : before.server) {
            if (old.name == thread.name) then = old.ns;
        }
        if (thread.ns - then < 1'000'000) continue;  // under 1 ms: not part of this phase
        std::printf(", %s %.2f", thread.name.c_str(), per_unit(thread.ns - then));
        json.add(std::string("cpu_us_") + phase + "_" + thread.name, per_unit(thread.ns - then));
    }
    std::printf("\n");
}

void run_ingest(sb::bench::ServerChild& server, sb::bench::Gateway& gw, bool quick,
                sb::bench::JsonFigures& json) {
    const std::size_t frames = quick ? 50'000 : 2'000'000;
    const auto io0 = server.calls();
    const auto cpu0 = sample_cpu(server);
    const double ingest = gw.ingest(frames);
    const auto cpu1 = sample_cpu(server);
    const auto io1 = server.calls();
    const double syscalls = double(io1.total() - io0.total()) / double(frames);
    std::printf(
        "  ingest (read+frame+decode+engine, no output): %10.0f frames/s  %.4f syscalls/frame\n",
        ingest, syscalls);
    json.add("ingest_frames_per_s", ingest);
    print_cpu("frame", cpu0, cpu1, double(frames), json);
}

// Returns the routed rate; `syscalls` gets the server's data system calls per event.
double run_routed(sb::bench::ServerChild& server, sb::bench::Gateway& gw, bool quick,
                  double& syscalls, sb::bench::JsonFigures& json) {
    const auto io0 = server.calls();
    const auto cpu0 = sample_cpu(server);
    const std::uint64_t assigned0 = gw.assigned();
    const auto before = Clock::now();
    const double routed = gw.route(0, quick ? 1s : 5s, false);
    const double elapsed = std::chrono::duration<double>(Clock::now() - before).count();
    const auto cpu1 = sample_cpu(server);
    const auto io1 = server.calls();
    // Events the server took: each conversation is a customer message and a close (acks aside).
    const double events = 2.0 * routed * elapsed;
    syscalls = double(io1.total() - io0.total()) / events;
    std::printf("  (server calls during the routed phase: %llu read/write + %llu socket)\n",
                static_cast<unsigned long long>(io1.proc - io0.proc),
                static_cast<unsigned long long>(io1.socket - io0.socket));
    std::printf(
        "  routed (message in -> assignment out):       %10.0f assignments/s  %.4f "
        "syscalls/event\n",
        routed, syscalls);
    json.add("routed_assignments_per_s", routed);
    json.add("routed_syscalls_per_event", syscalls);
    print_cpu("assignment", cpu0, cpu1, double(gw.assigned() - assigned0), json);
    return routed;
}

// Returns the engine-added p99 in microseconds.
double run_latency(sb::bench::ServerChild& server, sb::bench::Gateway& gw, bool quick,
                   double routed, sb::bench::JsonFigures& json) {
    const double load = std::getenv("SB_LOAD") ? std::atof(std::getenv("SB_LOAD")) : 0.5;
    const double offered = routed * load;
    const auto duration = quick ? 1s : 5s;
    gw.reserve_samples(offered, duration);
    // The CPU and call counts cover the route() below: its paced run, then its drain.
    const auto io0 = server.calls();
    const auto cpu0 = sample_cpu(server);
    const std::uint64_t assigned0 = gw.assigned();
    const double done = gw.route(offered, duration, true);
    const auto cpu1 = sample_cpu(server);
    const auto io1 = server.calls();
    const auto a = percentiles(gw.assign_latency_us());
    const auto sampled = percentiles(gw.sampled_assign_latency_us());
    const auto p = percentiles(gw.ping_latency_us());
    const auto e = percentiles(gw.engine_added_us());
    std::printf(
        "  at %.0f%% load (%.0f/s offered, %.0f/s done), latency in us, send -> arrival (end of "
        "the recv() that brought it):\n",
        load * 100, offered, done);
    print_percentiles("message -> assignment", a);
    std::printf("    (%zu messages; %zu of them sampled, each followed by a Ping:)\n", a.n,
                sampled.n);
    print_percentiles("  sampled messages", sampled);
    print_percentiles("  their Ping -> Pong", p);
    print_percentiles("  engine-added", e);
    if (gw.unanswered_probes() > 0) {
        std::printf("    (%zu samples dropped: no Pong)\n", gw.unanswered_probes());
    }
    std::printf(
        "    engine-added p99 (per sampled message: its assignment after its Pong): %.1f us\n",
        e.p99);
    const double assignments = std::max(1.0, double(gw.assigned() - assigned0));
    std::printf("    server calls per assignment: %.3f read/write + %.3f socket\n",
                double(io1.proc - io0.proc) / assignments,
                double(io1.socket - io0.socket) / assignments);
    print_cpu("assignment_at_load", cpu0, cpu1, assignments, json);
    // Since stop 20 every latency is taken at recv() and the ping figures are per sampled
    // message (before: at hand-out, and one Ping per millisecond).
    json.add("latency_load", load);
    json.add("assign_latency_p50_us", a.p50);
    json.add("assign_latency_p99_us", a.p99);
    json.add("sampled_assign_latency_p99_us", sampled.p99);
    json.add("ping_latency_p50_us", p.p50);
    json.add("ping_latency_p99_us", p.p99);
    json.add("engine_added_p50_us", e.p50);
    json.add("engine_added_p99_us", e.p99);
    return e.p99;
}

void run_relay(sb::bench::ServerChild& server, sb::bench::Gateway& gw, bool quick,
               sb::bench::JsonFigures& json) {
    const auto io0 = server.calls();
    const double relayed = gw.relay(kRelayConversations, quick ? 1s : 5s);
    const auto io1 = server.calls();
    const std::size_t frame_bytes = sb::bench::relay_frame_bytes();
    std::printf(
        "  relay (follow-up message in -> delivery out, %zu conversations, %zu-byte frame): "
        "%10.0f events/s\n",
        kRelayConversations, frame_bytes, relayed);
    std::printf("  (server calls during the relay phase and its set-up: %llu)\n",
                static_cast<unsigned long long>(io1.total() - io0.total()));
    json.add("relay_events_per_s", relayed);
    json.add("relay_frame_bytes", double(frame_bytes));
}

}  // namespace

int main() {
    const bool quick = sb::bench::short_mode();
    const auto placement = sb::bench::Placement::from_environment();
    sb::bench::ServerChild server(placement);
    // After the fork: the child must not inherit this thread's one-CPU mask.
    if (auto pinned = sb::runtime::pin_this_thread(placement.client_cpu); !pinned.ok()) {
        std::fprintf(stderr, "server_bench: %s\n", pinned.error().message.c_str());
        return 1;
    }
    sb::runtime::name_this_thread("sb-bench");  // for perf sched and top, next to sb-io
    auto gateway = std::make_unique<sb::bench::Gateway>(server.port());
    std::printf(
        "gateway server over loopback TCP, one gateway connection, %d agents x %d "
        "capacity, frames flushed in batches of %d%s\n  placement: %s (SB_PIN=1: pinned)\n",
        sb::bench::kBenchAgents, sb::bench::kBenchCapacity, sb::bench::Gateway::kBatch,
        quick ? " (short mode)" : "", placement.describe().c_str());
    sb::bench::JsonFigures json;
    json.add("short_mode", quick ? 1.0 : 0.0);
    json.add("pinned", placement.io_cpu ? 1.0 : 0.0);
    run_ingest(server, *gateway, quick, json);
    double syscalls = 0;
    const double routed = run_routed(server, *gateway, quick, syscalls, json);
    const double engine_p99 = run_latency(server, *gateway, quick, routed, json);
    run_relay(server, *gateway, quick, json);
    std::printf(
        "  targets: routed >= 500000/s: %.2fx; syscalls/event <= 0.1: %.4f; engine-added p99 <= "
        "50 us: %.1f us\n",
        routed / 500000.0, syscalls, engine_p99);
    gateway.reset();
    std::fflush(stdout);
    const bool stopped = server.stop();
    return json.write_if_requested() && stopped ? 0 : 1;
}
