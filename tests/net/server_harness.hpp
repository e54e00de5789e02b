// A real gateway server on 127.0.0.1 (ephemeral port) over a real engine, run on its own thread,
// and helpers to read what a GatewayClient receives. For the server tests.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include <gtest/gtest.h>

#include "engine/config/parse_config.hpp"
#include "engine/net/gateway_client.hpp"
#include "engine/net/server.hpp"
#include "engine/runtime/engine.hpp"

#include "tests/net/wire_test_support.hpp"

namespace switchboard::net::testing {

inline constexpr std::string_view kWebchatToken = "webchat-token-0123456789";
inline constexpr std::string_view kMobileToken = "mobile-token-0123456789";

// Two shops; gateway "webchat" may act for shop7 only, "mobile" for shop8 only. `server_extra`
// lines go into the server section (indented by two spaces).
inline std::string server_yaml(const std::string& server_extra = "") {
    return R"(
engine:
  idle_spin_us: 20
server:
  listen: 127.0.0.1:0
  max_frame_bytes: 4096
)" + server_extra +
           R"(
gateways:
  - id: webchat
    token: webchat-token-0123456789
    tenants: [shop7]
  - id: mobile
    token: mobile-token-0123456789
    tenants: [shop8]
)" + std::string(kTwoShopsYaml);
}

inline std::shared_ptr<const config::Snapshot> snapshot_of(const std::string& yaml,
                                                           std::uint64_t version = 1) {
    auto parsed = config::parse_config(yaml, "server_test.yaml");
    EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : parsed.error().message);
    auto snapshot = std::move(parsed).value();
    snapshot.version = version;
    return std::make_shared<const config::Snapshot>(std::move(snapshot));
}

class RunningServer {
  public:
    explicit RunningServer(const std::string& yaml = server_yaml())
        : snapshot_(snapshot_of(yaml)),
          engine_(runtime::Engine::start(snapshot_).value()),
          server_(Server::create(engine_, snapshot_, "test").value()),
          thread_([this] { server_->run(); }) {
        while (!server_->ready()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ~RunningServer() { stop(); }

    void stop() {
        if (!thread_.joinable()) return;
        server_->shutdown();
        thread_.join();
    }

    std::unique_ptr<GatewayClient> connect() {
        auto client = GatewayClient::connect("127.0.0.1", server_->port());
        EXPECT_TRUE(client.ok()) << (client.ok() ? "" : client.error().message);
        return std::move(client).value();
    }
    std::unique_ptr<GatewayClient> login(std::string_view gateway = "webchat",
                                         std::string_view token = kWebchatToken) {
        auto client = connect();
        auto ok = client->hello(gateway, token);
        EXPECT_TRUE(ok.ok()) << (ok.ok() ? "" : ok.error().message);
        return client;
    }

    Server& server() { return *server_; }
    runtime::Engine& engine() { return *engine_; }
    const std::shared_ptr<const config::Snapshot>& snapshot() const { return snapshot_; }

  private:
    std::shared_ptr<const config::Snapshot> snapshot_;
    std::shared_ptr<runtime::Engine> engine_;
    std::unique_ptr<Server> server_;
    std::thread thread_;
};

// Reads frames until one of type T arrives (others are kept in `skipped`); fails the test and
// returns nullopt on time-out or a closed connection.
template <typename T>
std::optional<T> wait_for(GatewayClient& client, std::vector<ServerMessage>* skipped = nullptr,
                          std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        auto next = client.next(std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now()));
        if (!next.ok()) {
            ADD_FAILURE() << "waiting for a frame: " << next.error().message;
            return std::nullopt;
        }
        if (!next.value()) break;
        if (auto* hit = std::get_if<T>(&*next.value())) return std::move(*hit);
        if (skipped != nullptr) skipped->push_back(std::move(*next.value()));
    }
    ADD_FAILURE() << "no frame of the expected type within " << timeout.count() << " ms";
    return std::nullopt;
}

// True when the server closed the connection within `timeout` (frames before the close are
// read and dropped).
inline bool closed_by_server(GatewayClient& client,
                             std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        auto next = client.next(std::chrono::milliseconds(50));
        if (!next.ok()) return true;
    }
    return false;
}

inline runtime::Submission login_event(std::string tenant, std::string agent,
                                       std::uint32_t capacity = 3, std::uint64_t correlation = 0) {
    return runtime::Submission{
        core::AgentLogin{std::move(tenant), std::move(agent), {{"presales", 5}}, {}, capacity}, "",
        correlation};
}

inline runtime::Submission customer_message(std::string tenant, std::string conversation,
                                            std::string text, std::uint64_t correlation = 0) {
    return runtime::Submission{core::CustomerMessage{std::move(tenant),
                                                     std::move(conversation),
                                                     "cust-" + std::to_string(correlation),
                                                     "",
                                                     {"presales"}},
                               std::move(text), correlation};
}

// Logs alice in (capacity 50) and opens `n` conversations for her queue in one flush: 50 are
// assigned, the rest queue.
inline void open_conversations(GatewayClient& gw, int n) {
    gw.send(login_event("shop7", "alice", 50));
    for (int i = 0; i < n; ++i) {
        gw.send(customer_message("shop7", "c" + std::to_string(i), "x", i + 1));
    }
    ASSERT_TRUE(gw.flush().ok());
}

}  // namespace switchboard::net::testing
