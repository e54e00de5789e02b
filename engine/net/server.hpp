// The gateway server (issue "Server", DESIGN.md §6): the protocol of proto/README.md over TCP
// on Boost.Asio, in front of a running runtime::Engine.
//
// Threads: run() is the I/O thread. It owns every connection, submits their events to the
// engine through one gateway port without ever waiting, and is the engine's output consumer:
// it drains notices and agent outboxes into the connections' write buffers and writes each
// connection once per pass (coalesced). When idle it sleeps in epoll; shards with new output
// wake it through an eventfd (OutputReader::notify_through), so a quiet server uses no CPU.
// Every other member function may be called from any thread.
//
// Shutdown (SIGTERM): stop accepting and reading, hand every decoded event to the engine, stop
// the engine (it applies everything taken), write the last outputs and a closing
// SHUTTING_DOWN error to every connection, close. run() then returns.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "engine/base/result.hpp"
#include "engine/config/snapshot.hpp"
#include "engine/net/server_stats.hpp"
#include "engine/runtime/engine.hpp"

namespace switchboard::net {

class Server {
  public:
    // Binds config->server.listen (port 0: an ephemeral port, see port()) and takes one engine
    // gateway port. Errors: the address cannot be bound, no engine port is free.
    static base::Result<std::unique_ptr<Server>> create(
        std::shared_ptr<runtime::Engine> engine, std::shared_ptr<const config::Snapshot> config,
        std::string server_version);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    std::uint16_t port() const noexcept;
    // Runs the I/O loop on the calling thread (which it names "sb-io") until a shutdown
    // completes.
    void run();
    // Begins the graceful shutdown described above; run() returns when it is done.
    void shutdown();
    // The engine now runs `config` (after Engine::reload): new connections and every session
    // follow it (a gateway removed or re-keyed is disconnected).
    void apply_config(std::shared_ptr<const config::Snapshot> config);

    // True from run() until shutdown() begins: accepting and reading.
    bool ready() const noexcept;
    const ServerStats& stats() const noexcept;

  private:
    class Impl;
    explicit Server(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace switchboard::net
