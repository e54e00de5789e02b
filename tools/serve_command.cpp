// `switchboard serve`: the engine, the gateway server and the admin HTTP endpoint in one process
// (DESIGN.md §6, issue "Server").
//
// Threads: main runs the gateway server's I/O loop (Server::run); one thread runs the admin
// endpoint and the signal handlers (reload is synchronous and waits for the shards, so it must
// not run on the engine's consumer thread, the server's loop); the engine runs its shard
// threads; with --demo one more thread is the demo gateway.
#include <csignal>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <spdlog/spdlog.h>

#include "engine/admin/admin_service.hpp"
#include "engine/admin/engine_backend.hpp"
#include "engine/net/protobuf_logs.hpp"
#include "engine/net/server.hpp"
#include "engine/runtime/engine.hpp"
#include "engine/runtime/thread_name.hpp"

#include "tools/commands.hpp"
#include "tools/config_file.hpp"
#include "tools/demo_traffic.hpp"
#include "tools/logging.hpp"
#include "tools/server_metrics.hpp"

namespace switchboard::tools {
namespace {

namespace asio = boost::asio;

// One line per reason, for the log's single-line format.
std::string one_line(std::string text) {
    for (char& c : text) {
        if (c == '\n') c = ';';
    }
    return text;
}

class Reloader {
  public:
    Reloader(std::string path, runtime::Engine& engine, net::Server& server)
        : path_(std::move(path)), engine_(&engine), server_(&server) {}

    // Admin thread only (the admin POST and SIGHUP both run there, one at a time).
    base::Result<std::uint64_t> operator()() {
        auto next = load_config_file(path_);
        if (!next.ok()) {
            spdlog::warn("event=config_reload_rejected file={} errors=\"{}\"", path_,
                         one_line(next.error().message));
            return next.error();
        }
        auto snapshot = std::make_shared<const config::Snapshot>(std::move(next).value());
        auto version = engine_->reload(snapshot);
        if (!version.ok()) {
            spdlog::warn("event=config_reload_rejected file={} errors=\"{}\"", path_,
                         one_line(version.error().message));
            return version.error();
        }
        server_->apply_config(engine_->snapshot());
        spdlog::info("event=config_reloaded file={} version={}", path_, version.value());
        return version;
    }

  private:
    std::string path_;
    runtime::Engine* engine_;
    net::Server* server_;
};

void watch_signals(asio::signal_set& signals, Reloader& reload, net::Server& server) {
    signals.async_wait([&](const boost::system::error_code& ec, int signal) {
        if (ec) return;
        if (signal == SIGHUP) {
            spdlog::info("event=signal name=SIGHUP action=reload");
            (void)reload();
        } else {
            spdlog::info("event=signal name={} action=shutdown",
                         signal == SIGTERM ? "SIGTERM" : "SIGINT");
            server.shutdown();
        }
        watch_signals(signals, reload, server);
    });
}

}  // namespace

int serve_command(const ServeOptions& options) {
    auto loaded = load_config_file(options.config_path);
    if (!loaded.ok()) {
        std::fprintf(stderr, "%s\n%s: invalid, not started\n", loaded.error().message.c_str(),
                     options.config_path.c_str());
        return 1;
    }
    config::Snapshot first = std::move(loaded).value();
    first.version = 1;
    auto snapshot = std::make_shared<const config::Snapshot>(std::move(first));
    setup_logging(snapshot->engine.log_level);
    net::route_protobuf_logs();

    auto engine = runtime::Engine::start(snapshot);
    if (!engine.ok()) {
        std::fprintf(stderr, "serve: %s\n", engine.error().message.c_str());
        return 1;
    }
    auto server = net::Server::create(engine.value(), snapshot, SB_VERSION);
    if (!server.ok()) {
        std::fprintf(stderr, "serve: %s\n", server.error().message.c_str());
        engine.value()->stop();
        return 1;
    }
    net::Server& gateway_server = *server.value();
    runtime::Engine& running = *engine.value();

    asio::io_context admin_io(1);
    Reloader reload(options.config_path, running, gateway_server);
    admin::EngineBackend backend(
        running, admin::EngineHooks{[&reload] { return reload(); },
                                    [&gateway_server] { return gateway_server.ready(); },
                                    [&gateway_server](admin::prometheus::Writer& out) {
                                        write_server_metrics(gateway_server.stats().load(), out);
                                    }});
    admin::AdminService admin_service(admin_io, backend);
    auto admin_port = admin_service.start(snapshot->server.admin);
    if (!admin_port.ok()) {
        std::fprintf(stderr, "serve: %s\n", admin_port.error().message.c_str());
        running.stop();
        return 1;
    }
    asio::signal_set signals(admin_io, SIGINT, SIGTERM, SIGHUP);
    watch_signals(signals, reload, gateway_server);
    std::thread admin_thread([&admin_io] {
        runtime::name_this_thread("sb-admin");
        admin_io.run();
    });

    const std::string admin_url =
        "http://" + snapshot->server.admin.host + ":" + std::to_string(admin_port.value());
    std::printf(
        "switchboard %s serving %s (config version 1, %zu tenant(s), %u shard(s))\n"
        "  gateways: %s:%u (protocol: proto/README.md)\n"
        "  admin:    %s/metrics  %s/readyz  %s/api/v1/tenants/<tenant>/state\n"
        "  reload:   kill -HUP %d  or  curl -X POST %s/api/v1/reload;  stop: kill -TERM %d\n",
        SB_VERSION, options.config_path.c_str(), snapshot->tenants.size(), running.shard_count(),
        snapshot->server.listen.host.c_str(), static_cast<unsigned>(gateway_server.port()),
        admin_url.c_str(), admin_url.c_str(), admin_url.c_str(), static_cast<int>(::getpid()),
        admin_url.c_str(), static_cast<int>(::getpid()));
    std::fflush(stdout);

    std::thread demo_thread;
    if (options.demo) {
        demo_thread = std::thread([&, snapshot] {
            DemoTrafficOptions demo;
            demo.port = gateway_server.port();
            demo.duration = std::chrono::seconds(options.demo_seconds);
            demo.arrivals_per_second = options.demo_rate;
            std::printf("demo: a gateway connects over TCP and sends traffic for %u s...\n",
                        options.demo_seconds);
            std::fflush(stdout);
            auto summary = run_demo_traffic(*snapshot, demo);
            if (summary.ok()) {
                std::printf("%s", summary.value().c_str());
            } else {
                std::fprintf(stderr, "demo traffic failed: %s\n", summary.error().message.c_str());
            }
            std::fflush(stdout);
            if (options.exit_after_demo) gateway_server.shutdown();
        });
    }

    gateway_server.run();  // until SIGTERM (or the demo's end with --exit-after-demo)

    if (demo_thread.joinable()) demo_thread.join();
    asio::post(admin_io, [&] {
        signals.cancel();
        admin_service.stop();
    });
    admin_thread.join();
    running.stop();
    const auto counters = gateway_server.stats().load();
    const auto stats = running.stats();
    std::uint64_t events = 0, assigned = 0;
    for (const auto& shard : stats.shards) {
        events += shard.events;
        assigned += shard.outputs.assigned;
    }
    std::printf(
        "switchboard stopped: %llu gateway connections, %llu events routed, %llu assignments, "
        "%llu deliveries and %llu notices written in %llu writes\n",
        static_cast<unsigned long long>(counters.connections_accepted),
        static_cast<unsigned long long>(events), static_cast<unsigned long long>(assigned),
        static_cast<unsigned long long>(counters.deliveries_out),
        static_cast<unsigned long long>(counters.notices_out),
        static_cast<unsigned long long>(counters.writes));
    return 0;
}

}  // namespace switchboard::tools
