#include "engine/net/server.hpp"

#include <chrono>
#include <string>
#include <variant>
#include <vector>

#include <spdlog/spdlog.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "engine/net/server_impl.hpp"
#include "engine/runtime/cpu_affinity.hpp"
#include "engine/runtime/parker.hpp"
#include "engine/runtime/thread_name.hpp"

namespace switchboard::net {
namespace {

// A connection the engine could not take events from is retried this soon: shards drain their
// rings in microseconds, and an event that produces no output would not wake us otherwise.
constexpr auto kRetryAfter = std::chrono::microseconds(100);
// Shutdown bounds: decoded events still waiting for the engine, then peers reading their last
// frames (each connection also cuts itself after its own linger).
constexpr auto kDrainInputFor = std::chrono::seconds(5);
constexpr auto kCloseFor = std::chrono::seconds(3);
constexpr auto kShutdownPoll = std::chrono::milliseconds(20);
using Clock = std::chrono::steady_clock;

base::Result<tcp::endpoint> endpoint_of(const config::ListenAddress& listen) {
    const std::string host = listen.host == "localhost" ? "127.0.0.1" : listen.host;
    boost::system::error_code ec;
    const auto address = asio::ip::make_address_v4(host, ec);
    if (ec) {
        return base::Error{base::ErrorCode::kInvalidArgument,
                           "server.listen: '" + listen.host + "' is not an IPv4 address"};
    }
    return tcp::endpoint(address, listen.port);
}

}  // namespace

base::Status Server::Impl::open(const config::ListenAddress& listen) {
    auto endpoint = endpoint_of(listen);
    if (!endpoint.ok()) return endpoint.error();
    const std::string where = listen.host + ":" + std::to_string(listen.port);
    boost::system::error_code ec;
    acceptor_.open(endpoint.value().protocol(), ec);
    if (!ec) acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint.value(), ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        return base::Error{base::ErrorCode::kIo,
                           "server.listen: cannot listen on " + where + ": " + ec.message()};
    }
    port_ = acceptor_.local_endpoint().port();

    const int fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (fd < 0) {
        return base::Error{base::ErrorCode::kIo, "server: eventfd() failed"};
    }
    notify_.assign(fd);
    engine_->reader().notify_through(fd);
    return base::Ok{};
}

void Server::Impl::run() {
    runtime::name_this_thread("sb-io");
    const auto cpu = runtime::cpu_for(config_->engine.io_cpus, 0);
    if (auto pinned = runtime::pin_this_thread(cpu); !pinned.ok()) {
        spdlog::warn("event=io_thread_not_pinned reason=\"{}\"", pinned.error().message);
    }
    ready_.store(true, std::memory_order_release);
    spdlog::info("event=server_listening address={}:{} max_connections={} io_cpu={}",
                 acceptor_.local_endpoint().address().to_string(), port_,
                 config_->server.max_connections, cpu ? std::to_string(*cpu) : "any");
    accept();
    arm_notify();
    runtime::SpinAfterWork spin(std::chrono::microseconds(config_->engine.idle_spin_us));
    while (phase_ != Phase::kDone) {
        graveyard_.clear();
        std::size_t work = io_.poll();
        work += drain_outputs();
        if (phase_ != Phase::kRunning) advance_shutdown();
        if (work > 0) spin.busy();
        // After traffic the next frame or output is likely microseconds away: spin, then sleep
        // in epoll until a socket, a timer or a shard (through the eventfd) wakes us.
        if (work > 0 || spin.spinning()) continue;
        if (engine_->reader().prepare_wait()) {
            io_.run_one();
            engine_->reader().cancel_wait();
        }
        spin.busy();
    }
    graveyard_.clear();
    spdlog::info("event=server_stopped");
}

void Server::Impl::accept() {
    acceptor_.async_accept([this](const boost::system::error_code& ec, tcp::socket socket) {
        if (ec) {
            if (phase_ == Phase::kRunning && ec != asio::error::operation_aborted) {
                spdlog::warn("event=accept_failed error=\"{}\"", ec.message());
                accept();
            }
            return;
        }
        const ConnectionId id = next_id_++;
        auto c = std::make_shared<Connection>(*this, id, std::move(socket), config_, version_);
        const bool over = connections_.size() >= config_->server.max_connections;
        connections_.emplace(id, c);
        stats_.add(stats_.connections_open);
        if (over) {
            stats_.add(stats_.connections_refused);
            spdlog::warn("event=connection_refused conn={} remote={} reason=max_connections", id,
                         c->remote());
            c->refuse(ErrorFrame{WireError::kOverloaded,
                                 "too many connections (server.max_connections = " +
                                     std::to_string(config_->server.max_connections) + ")",
                                 0, true});
        } else {
            stats_.add(stats_.connections_accepted);
            spdlog::debug("event=connection_accepted conn={} remote={}", id, c->remote());
            c->start();
        }
        accept();
    });
}

void Server::Impl::arm_notify() {
    notify_.async_read_some(asio::buffer(&notify_value_, sizeof notify_value_),
                            [this](const boost::system::error_code& ec, std::size_t) {
                                if (!ec) arm_notify();
                            });
}

std::size_t Server::Impl::drain_outputs() {
    const std::size_t n = engine_->reader().poll(*this);
    flush_dirty();
    return n;
}

void Server::Impl::mark_dirty(const std::shared_ptr<Connection>& c) {
    // Outputs come in runs for one connection; a duplicate entry only costs a no-op flush.
    if (dirty_.empty() || dirty_.back() != c) dirty_.push_back(c);
}

void Server::Impl::flush_dirty() {
    for (auto& c : dirty_) c->flush();
    dirty_.clear();
}

std::shared_ptr<Connection> Server::Impl::find_open(ConnectionId id) const {
    if (id == 0) return nullptr;
    const auto it = connections_.find(id);
    return it == connections_.end() || !it->second->open() ? nullptr : it->second;
}

std::size_t Server::Impl::submit(Connection& from, std::span<runtime::Submission> batch) {
    for (runtime::Submission& s : batch) {
        s.origin = from.id();
        // An agent's deliveries go where the agent logged in (output_routes.hpp).
        if (const auto* login = std::get_if<core::AgentLogin>(&s.event)) {
            routes_.set_home(login->tenant, login->agent, from.id());
        }
    }
    const std::size_t taken = engine_->try_submit_batch(engine_port_, batch);
    stats_.add(stats_.events_in, taken);
    return taken;
}

base::Status Server::Impl::resend(Connection& from, std::string_view tenant,
                                  std::string_view agent) {
    routes_.set_home(tenant, agent, from.id());
    auto resent = engine_->reader().resend(tenant, agent, *this);
    if (!resent.ok()) return resent.error();
    spdlog::debug("event=resend conn={} tenant={} agent={} deliveries={}", from.id(), tenant, agent,
                  resent.value());
    return base::Ok{};
}

void Server::Impl::authenticated(Connection& connection) {
    routes_.connection_ready(connection.id(), connection.session().tenants());
    spdlog::info("event=gateway_connected conn={} gateway={} remote={}", connection.id(),
                 connection.session().gateway()->id, connection.remote());
}

void Server::Impl::blocked(Connection& connection) {
    stats_.add(stats_.engine_full);
    const auto it = connections_.find(connection.id());
    if (it == connections_.end()) return;
    blocked_.push_back(it->second);
    if (retry_armed_) return;
    retry_armed_ = true;
    retry_timer_.expires_after(kRetryAfter);
    retry_timer_.async_wait([this](const boost::system::error_code& ec) {
        retry_armed_ = false;
        if (!ec) retry_blocked();
    });
}

void Server::Impl::retry_blocked() {
    std::vector<std::shared_ptr<Connection>> waiting;
    waiting.swap(blocked_);
    // resume() may block again (re-adding itself) or close (editing connections_).
    for (std::size_t i = 0; i < waiting.size(); ++i) {
        if (i > 0 && waiting[i] == waiting[i - 1]) continue;
        if (waiting[i]->open()) waiting[i]->resume();
    }
}

void Server::Impl::closed(Connection& connection) {
    const ConnectionId id = connection.id();
    routes_.connection_closed(id);
    const auto it = connections_.find(id);
    if (it == connections_.end()) return;
    // Not destroyed here: the connection is inside one of its own member functions.
    graveyard_.push_back(std::move(it->second));
    connections_.erase(it);
    stats_.connections_open.store(connections_.size(), std::memory_order_relaxed);
    const auto* gateway = connection.session().gateway();
    spdlog::info("event=connection_closed conn={} gateway={} remote={}", id,
                 gateway == nullptr ? "-" : gateway->id, connection.remote());
}

void Server::Impl::on_delivery(runtime::AgentStream stream, const runtime::Delivery& delivery) {
    // A copy of the pointer: check_output_limit may close the connection.
    const std::shared_ptr<Connection> c = find_open(routes_.home(stream));
    if (c == nullptr) {
        // Still held in the outbox: a Resend from the gateway's next connection brings it.
        stats_.add(stats_.deliveries_unrouted);
        return;
    }
    c->session().write_delivery(stream.tenant(), stream.agent(), delivery);
    stats_.add(stats_.deliveries_out);
    c->check_output_limit();
    mark_dirty(c);
}

void Server::Impl::on_notice(const runtime::Notice& notice) {
    // Back to the connection whose event caused it; else the tenant's newest (output_routes.hpp).
    // A copy of the pointer: check_output_limit may close the connection.
    std::shared_ptr<Connection> c = find_open(notice.origin);
    if (c == nullptr) c = find_open(routes_.newest_for(notice.tenant));
    if (c == nullptr) {
        stats_.add(stats_.notices_unrouted);
        return;
    }
    c->session().write_notice(notice);
    stats_.add(stats_.notices_out);
    c->check_output_limit();
    mark_dirty(c);
}

void Server::Impl::begin_shutdown() {
    if (phase_ != Phase::kRunning) return;
    ready_.store(false, std::memory_order_release);
    phase_ = Phase::kDrainingInput;
    phase_deadline_ = Clock::now() + kDrainInputFor;
    spdlog::info("event=server_shutdown_begin connections={}", connections_.size());
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    for (auto& [id, c] : connections_) c->stop_reading();
    tick_shutdown();
}

void Server::Impl::tick_shutdown() {
    // Keeps the loop turning while it waits on deadlines and on the engine's stopping thread.
    shutdown_timer_.expires_after(kShutdownPoll);
    shutdown_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (!ec && phase_ != Phase::kDone) tick_shutdown();
    });
}

void Server::Impl::advance_shutdown() {
    const auto now = Clock::now();
    if (phase_ == Phase::kDrainingInput) {
        bool pending = false;
        for (const auto& [id, c] : connections_) pending = pending || c->pending_input();
        if (pending && now < phase_deadline_) return;
        if (pending) spdlog::warn("event=shutdown_dropped_input reason=engine_full_at_deadline");
        phase_ = Phase::kStoppingEngine;
        // Engine::stop() waits for the shards, which may wait for us to drain their notices:
        // it runs on its own thread while this loop keeps consuming.
        stopper_ = std::thread([this] {
            engine_->stop();
            engine_stopped_.store(true, std::memory_order_release);
            asio::post(io_, [] {});
        });
        return;
    }
    if (phase_ == Phase::kStoppingEngine) {
        if (!engine_stopped_.load(std::memory_order_acquire)) return;
        stopper_.join();
        while (drain_outputs() > 0) {
        }
        std::vector<std::shared_ptr<Connection>> all;
        for (auto& [id, c] : connections_) all.push_back(c);
        for (auto& c : all) {
            c->finish(ErrorFrame{WireError::kShuttingDown, "the server is shutting down", 0, true});
        }
        phase_ = Phase::kClosing;
        phase_deadline_ = now + kCloseFor;
        spdlog::info("event=server_engine_stopped unacked_deliveries={}",
                     engine_->reader().unacked());
        return;
    }
    if (phase_ == Phase::kClosing) {
        if (!connections_.empty() && now < phase_deadline_) return;
        std::vector<std::shared_ptr<Connection>> all;
        for (auto& [id, c] : connections_) all.push_back(c);
        for (auto& c : all) c->close();
        retry_timer_.cancel();
        shutdown_timer_.cancel();
        notify_.close();
        work_.reset();
        phase_ = Phase::kDone;
    }
}

base::Result<std::unique_ptr<Server>> Server::create(std::shared_ptr<runtime::Engine> engine,
                                                     std::shared_ptr<const config::Snapshot> config,
                                                     std::string server_version) {
    if (auto cpus = runtime::check_cpus(config->engine.io_cpus, "engine.io_cpus"); !cpus.ok()) {
        return cpus.error();
    }
    auto port = engine->open_port();
    if (!port.ok()) return port.error();
    auto impl =
        std::make_unique<Impl>(std::move(engine), config, std::move(server_version), port.value());
    if (auto status = impl->open(config->server.listen); !status.ok()) return status.error();
    return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() = default;
std::uint16_t Server::port() const noexcept { return impl_->port(); }
void Server::run() { impl_->run(); }
void Server::shutdown() { impl_->request_shutdown(); }
void Server::apply_config(std::shared_ptr<const config::Snapshot> config) {
    impl_->apply_config(std::move(config));
}
bool Server::ready() const noexcept { return impl_->ready(); }
const ServerStats& Server::stats() const noexcept { return impl_->counters(); }

}  // namespace switchboard::net
