// server_bench's server side: a forked child process that runs the real engine and gateway server
// on 127.0.0.1 with the bench configuration, so that the measuring process (one gateway
// connection) and the server share nothing but the loopback socket. Owned by server_bench's main
// thread; the child lives from start() until stop().
#pragma once

#include <cstdint>
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

class ServerChild {
  public:
    // Forks the server and waits for its port. Exits the process if it cannot.
    ServerChild();
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
