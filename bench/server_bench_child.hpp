// server_bench's server side: a forked child process that runs the real engine and gateway server
// on 127.0.0.1 with the bench configuration, so that the measuring process (one gateway
// connection) and the server share nothing but the loopback socket. Owned by server_bench's main
// thread; the child lives from start() until stop().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

namespace switchboard::bench {

inline constexpr int kBenchAgents = 200;
inline constexpr int kBenchCapacity = 50;
inline constexpr const char* kBenchGateway = "bench";
inline constexpr const char* kBenchToken = "bench-token-0123456789";

// System calls of the server process that move data: /proc/PID/io counts read()/write()
// (syscr/syscw: the eventfd the shards wake the I/O thread with, files), but not the socket
// calls recvmsg/sendmsg, which the server counts itself (one per completed read or write).
// epoll_wait, futex and the idle spins' sched_yield are in neither.
struct ServerCalls {
    std::uint64_t proc = 0;
    std::uint64_t socket = 0;
    std::uint64_t total() const { return proc + socket; }
};

// CPU time the server's threads have run, by thread name (runtime::name_this_thread), from
// /proc/PID/task/TID/schedstat (nanoseconds on the CPU). Threads with the same name add up.
struct ThreadCpu {
    std::string name;
    std::uint64_t ns = 0;
};

// Where the three busy threads run. By default where the kernel puts them, as with the default
// config. With SB_PIN=1 (and at least two CPUs) the I/O thread gets the first CPU this process
// may use, and the shard and this gateway client share the second (the shard needs the least
// CPU of the three: its `CPU us` figure), through engine.io_cpus / engine.shard_cpus. On a 2-CPU
// box the kernel may keep the I/O thread and the shard on one CPU, taking turns, while the
// other idles (perf sched, 2026-12-07); SB_PIN=1 rules that out when comparing two builds.
struct Placement {
    std::optional<std::uint32_t> io_cpu;
    std::optional<std::uint32_t> shard_cpu;
    std::optional<std::uint32_t> client_cpu;

    static Placement from_environment();
    std::string describe() const;
};

class ServerChild {
  public:
    // Forks the server, its threads placed per `placement`, and waits for its port. Exits the
    // process if it cannot.
    explicit ServerChild(const Placement& placement);
    ServerChild(const ServerChild&) = delete;
    ServerChild& operator=(const ServerChild&) = delete;

    std::uint16_t port() const { return port_; }
    // Also ends one phase of the server's own engine latency report (SB_ENGINE_LATENCY=1).
    ServerCalls calls();
    // The server threads' CPU time so far, sorted by name.
    std::vector<ThreadCpu> thread_cpu() const;
    // Closes the control pipe (the server shuts down) and reaps the child. True when it exited 0.
    bool stop();

  private:
    pid_t pid_ = -1;
    int ask_fd_ = -1;     // parent -> child: one byte per calls() request; EOF = stop
    int answer_fd_ = -1;  // child -> parent: the port, then the socket call counters
    std::uint16_t port_ = 0;
};

}  // namespace switchboard::bench
