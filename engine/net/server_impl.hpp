// The gateway server's state and event loop (server.cpp): one Asio io_context on the I/O
// thread, the connections, the routes from agents to connections, and the shutdown phases.
// Internal to engine/net; users see net::Server (server.hpp).
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <spdlog/spdlog.h>

#include "engine/net/connection.hpp"
#include "engine/net/output_routes.hpp"
#include "engine/net/server.hpp"
#include "engine/runtime/engine.hpp"

namespace switchboard::net {

namespace asio = boost::asio;
using asio::ip::tcp;

class Server::Impl final : public ConnectionOwner, private runtime::OutputHandler {
  public:
    Impl(std::shared_ptr<runtime::Engine> engine, std::shared_ptr<const config::Snapshot> config,
         std::string version, std::uint32_t engine_port)
        : engine_(std::move(engine)),
          config_(std::move(config)),
          version_(std::move(version)),
          engine_port_(engine_port),
          acceptor_(io_),
          notify_(io_),
          retry_timer_(io_),
          shutdown_timer_(io_),
          work_(asio::make_work_guard(io_)) {}

    ~Impl() override {
        if (stopper_.joinable()) stopper_.join();
        engine_->reader().notify_through(-1);
        engine_->close_port(engine_port_);
    }

    base::Status open(const config::ListenAddress& listen);
    std::uint16_t port() const noexcept { return port_; }
    void run();
    void request_shutdown() {
        asio::post(io_, [this] { begin_shutdown(); });
    }
    void apply_config(std::shared_ptr<const config::Snapshot> config) {
        asio::post(io_, [this, config = std::move(config)] {
            config_ = config;
            // Copy first: a rebind may close a connection, which edits connections_.
            std::vector<std::shared_ptr<Connection>> all;
            for (auto& [id, c] : connections_) all.push_back(c);
            for (auto& c : all) c->rebind(config);
            spdlog::info("event=server_config_applied version={} connections={}", config->version,
                         all.size());
        });
    }
    bool ready() const noexcept { return ready_.load(std::memory_order_acquire); }
    ServerStats& stats() noexcept override { return stats_; }
    const ServerStats& counters() const noexcept { return stats_; }

  private:
    enum class Phase : std::uint8_t { kRunning, kDrainingInput, kStoppingEngine, kClosing, kDone };

    // ConnectionOwner
    std::size_t submit(Connection& from, std::span<runtime::Submission> batch) override;
    base::Status ack(std::string_view tenant, std::string_view agent, std::uint64_t seq) override {
        return engine_->reader().ack(tenant, agent, seq);
    }
    base::Status resend(Connection& from, std::string_view tenant, std::string_view agent) override;
    void authenticated(Connection& connection) override;
    void blocked(Connection& connection) override;
    void closed(Connection& connection) override;

    // OutputHandler
    void on_delivery(runtime::AgentStream stream, const runtime::Delivery& delivery) override;
    void on_notice(const runtime::Notice& notice) override;

    void accept();
    void arm_notify();
    std::size_t drain_outputs();
    void mark_dirty(const std::shared_ptr<Connection>& c);
    void flush_dirty();
    void retry_blocked();
    std::shared_ptr<Connection> find_open(ConnectionId id) const;
    void begin_shutdown();
    void advance_shutdown();
    void tick_shutdown();

    std::shared_ptr<runtime::Engine> engine_;
    std::shared_ptr<const config::Snapshot> config_;
    std::string version_;
    std::uint32_t engine_port_;
    asio::io_context io_{1};
    tcp::acceptor acceptor_;
    asio::posix::stream_descriptor notify_;
    std::uint64_t notify_value_ = 0;
    asio::steady_timer retry_timer_;
    bool retry_armed_ = false;
    asio::steady_timer shutdown_timer_;
    asio::executor_work_guard<asio::io_context::executor_type> work_;
    std::uint16_t port_ = 0;

    ConnectionId next_id_ = 1;
    std::unordered_map<ConnectionId, std::shared_ptr<Connection>> connections_;
    std::vector<std::shared_ptr<Connection>> dirty_;
    std::vector<std::shared_ptr<Connection>> blocked_;
    std::vector<std::shared_ptr<Connection>> graveyard_;  // closed this pass; freed next pass
    OutputRoutes routes_;
    ServerStats stats_;

    std::atomic<bool> ready_{false};
    Phase phase_ = Phase::kRunning;
    std::chrono::steady_clock::time_point phase_deadline_{};
    std::atomic<bool> engine_stopped_{false};
    std::thread stopper_;
};

}  // namespace switchboard::net
