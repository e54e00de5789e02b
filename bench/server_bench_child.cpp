#include "bench/server_bench_child.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <thread>

#include <spdlog/spdlog.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine/config/parse_config.hpp"
#include "engine/net/server.hpp"
#include "engine/runtime/cpu_affinity.hpp"
#include "engine/runtime/engine.hpp"
#include "engine/runtime/thread_name.hpp"

namespace switchboard::bench {
namespace {

// Slow SLA deadlines (an hour): no timer fires during a run, so every output is the routing or
// relaying being measured.
constexpr const char* kConfig = R"(
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

void print_engine_latency(const char* what, const runtime::LatencySnapshot& latency) {
    std::fprintf(stderr,
                 "  %s: p50 <= %lld us, p99 <= %lld us, p99.9 <= %lld us over %llu events\n", what,
                 static_cast<long long>(latency.quantile_bound_ns(0.5) / 1000),
                 static_cast<long long>(latency.quantile_bound_ns(0.99) / 1000),
                 static_cast<long long>(latency.quantile_bound_ns(0.999) / 1000),
                 static_cast<unsigned long long>(latency.count));
}

// Answers each byte read from `ask_fd` with the socket call counters (and, with
// SB_ENGINE_LATENCY=1, prints the engine's own submit -> published latency since the previous
// request: per phase); end of file shuts the server down.
void answer_until_eof(int ask_fd, int answer_fd, runtime::Engine& engine, net::Server& server) {
    char c;
    runtime::LatencySnapshot last;
    while (::read(ask_fd, &c, 1) > 0) {
        const auto now = engine.latency();
        auto phase = now;
        phase.count -= last.count;
        for (std::size_t i = 0; i < phase.buckets.size(); ++i) phase.buckets[i] -= last.buckets[i];
        last = now;
        if (std::getenv("SB_ENGINE_LATENCY") != nullptr && phase.count > 0) {
            print_engine_latency("  [engine, submit -> published, this phase]", phase);
        }
        const auto counters = server.stats().load();
        const std::uint64_t calls[2] = {counters.reads, counters.writes};
        if (::write(answer_fd, calls, sizeof calls) != sizeof calls) break;
    }
    server.shutdown();
}

std::string cpu_list(std::optional<std::uint32_t> cpu) {
    return cpu ? "[" + std::to_string(*cpu) + "]" : "[]";
}

[[noreturn]] void run_server(int port_fd, int stop_fd, const Placement& placement) {
    spdlog::set_level(spdlog::level::warn);
    // SB_ENGINE_KEYS: more engine keys for an experiment, e.g. "idle_spin_us: 0, batch_max: 32".
    const char* more = std::getenv("SB_ENGINE_KEYS");
    const std::string text = std::string(kConfig) +
                             "engine: {io_cpus: " + cpu_list(placement.io_cpu) +
                             ", shard_cpus: " + cpu_list(placement.shard_cpu) +
                             (more != nullptr ? std::string(", ") + more : std::string()) + "}\n";
    auto parsed = config::parse_config(text, "server_bench.yaml");
    if (!parsed.ok()) {
        std::fprintf(stderr, "%s\n", parsed.error().message.c_str());
        ::_exit(2);
    }
    parsed.value().version = 1;
    auto snapshot = std::make_shared<const config::Snapshot>(std::move(parsed).value());
    auto engine = runtime::Engine::start(snapshot).value();
    auto server = net::Server::create(engine, snapshot, "bench").value();
    const std::uint16_t port = server->port();
    if (::write(port_fd, &port, sizeof port) != sizeof port) ::_exit(2);
    std::thread stopper([&] {
        runtime::name_this_thread("bench-control");
        answer_until_eof(stop_fd, port_fd, *engine, *server);
    });
    server->run();
    stopper.join();
    print_engine_latency("engine latency (submit -> published, whole run, bucket bounds)",
                         engine->latency());
    ::_exit(0);
}

}  // namespace

Placement Placement::from_environment() {
    const char* pin = std::getenv("SB_PIN");
    const std::vector<std::uint32_t> cpus = runtime::allowed_cpus();
    if (pin == nullptr || std::string_view(pin) != "1" || cpus.size() < 2) return {};
    return Placement{cpus[0], cpus[1], cpus[1]};
}

std::string Placement::describe() const {
    const auto where = [](std::optional<std::uint32_t> cpu) {
        return cpu ? "CPU " + std::to_string(*cpu) : std::string("any CPU");
    };
    return "I/O thread on " + where(io_cpu) + ", shard on " + where(shard_cpu) +
           ", this client on " + where(client_cpu);
}

ServerChild::ServerChild(const Placement& placement) {
    int answer_pipe[2], ask_pipe[2];
    if (::pipe(answer_pipe) != 0 || ::pipe(ask_pipe) != 0) std::exit(1);
    pid_ = ::fork();
    if (pid_ < 0) std::exit(1);
    if (pid_ == 0) {
        ::close(answer_pipe[0]);
        ::close(ask_pipe[1]);
        run_server(answer_pipe[1], ask_pipe[0], placement);
    }
    ::close(answer_pipe[1]);
    ::close(ask_pipe[0]);
    answer_fd_ = answer_pipe[0];
    ask_fd_ = ask_pipe[1];
    if (::read(answer_fd_, &port_, sizeof port_) != sizeof port_) {
        std::fprintf(stderr, "server_bench: the server did not start\n");
        std::exit(1);
    }
}

ServerCalls ServerChild::calls() {
    std::ifstream in("/proc/" + std::to_string(pid_) + "/io");
    ServerCalls calls;
    std::string key;
    std::uint64_t value = 0;
    while (in >> key >> value) {
        if (key == "syscr:" || key == "syscw:") calls.proc += value;
    }
    std::uint64_t socket[2] = {0, 0};
    if (::write(ask_fd_, "s", 1) == 1 &&
        ::read(answer_fd_, socket, sizeof socket) == sizeof socket) {
        calls.socket = socket[0] + socket[1];
    }
    return calls;
}

std::vector<ThreadCpu> ServerChild::thread_cpu() const {
    std::vector<ThreadCpu> threads;
    const std::filesystem::path tasks = "/proc/" + std::to_string(pid_) + "/task";
    std::error_code ec;
    for (const auto& task : std::filesystem::directory_iterator(tasks, ec)) {
        std::ifstream comm(task.path() / "comm");
        std::ifstream schedstat(task.path() / "schedstat");
        ThreadCpu cpu;
        if (!std::getline(comm, cpu.name) || !(schedstat >> cpu.ns)) continue;  // just exited
        const auto same = std::find_if(threads.begin(), threads.end(),
                                       [&](const ThreadCpu& t) { return t.name == cpu.name; });
        if (same == threads.end()) {
            threads.push_back(std::move(cpu));
        } else {
            same->ns += cpu.ns;
        }
    }
    std::sort(threads.begin(), threads.end(),
              [](const ThreadCpu& a, const ThreadCpu& b) { return a.name < b.name; });
    return threads;
}

bool ServerChild::stop() {
    ::close(ask_fd_);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    ::close(answer_fd_);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace switchboard::bench
