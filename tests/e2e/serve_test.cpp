// `switchboard serve` as an operator runs it: the real binary on the default config (ephemeral
// ports), a gateway over TCP, the admin endpoint over HTTP, reload by SIGHUP and by POST while
// traffic flows (a good file, then a bad one), and the graceful stop on SIGTERM.
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <variant>

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include "engine/net/gateway_client.hpp"

#include "tests/e2e/serve_process.hpp"

namespace switchboard::e2e {
namespace {

using namespace std::chrono_literals;

constexpr std::string_view kTenant = "aurora_flagship";

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

void write_file(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::trunc) << text;
}

std::string replace_once(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
    return text;
}

// Every `listen: 127.0.0.1:PORT` (and admin_listen) of `yaml` set to `port`.
std::string with_listen_port(std::string yaml, const std::string& port) {
    const std::string key = "listen: 127.0.0.1:";
    for (auto at = yaml.find(key); at != std::string::npos; at = yaml.find(key, at + 1)) {
        auto end = at + key.size();
        while (end < yaml.size() && yaml[end] >= '0' && yaml[end] <= '9') ++end;
        yaml.replace(at + key.size(), end - at - key.size(), port);
    }
    return yaml;
}

// The default config with ephemeral ports.
std::string test_config() {
    return with_listen_port(read_file(SB_SOURCE_DIR "/config/default.yaml"), "0");
}

// /readyz turns 200 once the network loop runs, a moment after the admin endpoint answers: a
// load balancer polls it, and so does this test (at most 10 s). Returns the last status.
int wait_until_ready(std::uint16_t admin_port) {
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    int status = 0;
    while ((status = http_request(admin_port, "GET", "/readyz").status) != 200 &&
           std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(10ms);
    }
    return status;
}

// The value of an unlabelled integer sample in Prometheus text, or -1.
double metric(const std::string& text, const std::string& name) {
    return static_cast<double>(number_after(text, "\n" + name + " "));
}

class ServeTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("sb-serve-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::create_directories(dir_);
        config_ = (dir_ / "switchboard.yaml").string();
        write_file(config_, test_config());
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    std::filesystem::path dir_;
    std::string config_;
};

TEST_F(ServeTest, ServesReloadsWhileTrafficFlowsAndStopsOnSigterm) {
    ServeProcess serve(SB_SWITCHBOARD_BINARY, config_);
    ASSERT_TRUE(serve.running()) << serve.output();
    ASSERT_NE(serve.admin_port(), 0) << serve.output();

    EXPECT_EQ(http_request(serve.admin_port(), "GET", "/healthz").status, 200);
    EXPECT_EQ(wait_until_ready(serve.admin_port()), 200);
    auto metrics = http_request(serve.admin_port(), "GET", "/metrics");
    ASSERT_EQ(metrics.status, 200);
    EXPECT_EQ(metric(metrics.body, "switchboard_config_version"), 1) << metrics.body;

    auto gw = net::GatewayClient::connect("127.0.0.1", serve.gateway_port()).value();
    ASSERT_TRUE(gw->hello("demo_gateway", "demo-token-change-me-0001").ok());
    gw->send(runtime::Submission{
        core::AgentLogin{std::string(kTenant), "alice", {{"logistics", 5}}, {"general"}, 8}, "",
        1});
    ASSERT_TRUE(gw->flush().ok());

    // Traffic during both reloads: open a conversation, close it, again and again; count the
    // assignments that come back.
    std::atomic<bool> stop{false};
    std::atomic<int> opened{0};
    std::atomic<int> assigned{0};
    std::atomic<int> errors{0};
    std::thread traffic([&] {
        std::uint64_t n = 0;
        while (!stop.load()) {
            const std::string id = "c" + std::to_string(++n);
            gw->send(runtime::Submission{
                core::CustomerMessage{std::string(kTenant), id, "cust", "normal", {"logistics"}},
                "where is my parcel?", 100 + n});
            gw->send(runtime::Submission{core::CloseConversation{std::string(kTenant), id}, "", 0});
            if (!gw->flush().ok()) break;
            ++opened;
            for (auto next = gw->next(5ms); next.ok() && next.value(); next = gw->poll()) {
                if (auto* d = std::get_if<net::DeliveryFrame>(&*next.value())) {
                    assigned += d->delivery.kind == runtime::DeliveryKind::kAssigned;
                    gw->send(net::Ack{std::string(kTenant), "alice", d->delivery.seq, 0});
                } else if (std::holds_alternative<net::ErrorFrame>(*next.value())) {
                    ++errors;
                }
            }
        }
    });

    // A good file by SIGHUP: version 2.
    write_file(config_,
               replace_once(test_config(), "first_reply_ms: 60000", "first_reply_ms: 50000"));
    serve.signal(SIGHUP);
    double version = 0;
    for (int i = 0; i < 200 && version != 2; ++i) {
        std::this_thread::sleep_for(20ms);
        version = metric(http_request(serve.admin_port(), "GET", "/metrics").body,
                         "switchboard_config_version");
    }
    EXPECT_EQ(version, 2) << serve.output();

    // A bad file by POST: refused with its errors, version 2 keeps running.
    write_file(config_, replace_once(test_config(), "default_capacity: 5", "default_capacity: 0"));
    const auto refused = http_request(serve.admin_port(), "POST", "/api/v1/reload");
    EXPECT_EQ(refused.status, 422) << refused.body;
    EXPECT_NE(refused.body.find("default_capacity"), std::string::npos) << refused.body;
    // A change a running engine cannot take (the shard count) is refused the same way.
    write_file(config_, replace_once(test_config(), "shards: 1", "shards: 2"));
    const auto restart = http_request(serve.admin_port(), "POST", "/api/v1/reload");
    EXPECT_EQ(restart.status, 422) << restart.body;
    EXPECT_NE(restart.body.find("engine.shards"), std::string::npos) << restart.body;
    metrics = http_request(serve.admin_port(), "GET", "/metrics");
    EXPECT_EQ(metric(metrics.body, "switchboard_config_version"), 2);

    // A good file by POST: version 3.
    write_file(config_, test_config());
    const auto accepted = http_request(serve.admin_port(), "POST", "/api/v1/reload");
    EXPECT_EQ(accepted.status, 200) << accepted.body;
    EXPECT_NE(accepted.body.find("3"), std::string::npos) << accepted.body;

    std::this_thread::sleep_for(200ms);
    stop = true;
    traffic.join();
    EXPECT_GT(opened.load(), 10);
    EXPECT_GT(assigned.load(), 10);
    EXPECT_EQ(errors.load(), 0);

    // The tenant's state: alice is there, logged in through the gateway.
    const auto state =
        http_request(serve.admin_port(), "GET", "/api/v1/tenants/aurora_flagship/state");
    EXPECT_EQ(state.status, 200);
    EXPECT_NE(state.body.find("\"alice\""), std::string::npos) << state.body;

    serve.signal(SIGTERM);
    bool shutting_down = false;
    for (int i = 0; i < 200 && !shutting_down; ++i) {
        auto next = gw->next(50ms);
        if (!next.ok()) break;
        if (next.value()) {
            if (auto* e = std::get_if<net::ErrorFrame>(&*next.value())) {
                shutting_down = e->code == net::WireError::kShuttingDown;
            }
        }
    }
    EXPECT_TRUE(shutting_down);
    gw->close();
    EXPECT_EQ(serve.wait(20s), 0) << serve.output();
    const std::string out = serve.output();
    EXPECT_NE(out.find("event=config_reloaded"), std::string::npos) << out;
    EXPECT_NE(out.find("event=config_reload_rejected"), std::string::npos) << out;
    EXPECT_NE(out.find("switchboard stopped:"), std::string::npos) << out;
}

// README command (a) in miniature: demo traffic over TCP, a summary, a graceful exit.
TEST_F(ServeTest, DemoTrafficRunsOverTcpAndPrintsWhatWasRouted) {
    ServeProcess serve(SB_SWITCHBOARD_BINARY, config_,
                       {"--demo", "--demo-seconds", "2", "--demo-rate", "20", "--exit-after-demo"});
    ASSERT_TRUE(serve.running()) << serve.output();
    EXPECT_EQ(serve.wait(60s), 0) << serve.output();
    const std::string out = serve.output();
    EXPECT_GT(number_after(out, "one of them silent): "), 10) << out;
    EXPECT_NE(out.find("assignments by reason:"), std::string::npos) << out;
    EXPECT_EQ(out.find("protocol errors"), std::string::npos) << out;
    EXPECT_NE(out.find("switchboard stopped:"), std::string::npos) << out;
}

TEST_F(ServeTest, InvalidConfigDoesNotStartAndNamesTheKey) {
    write_file(config_, replace_once(test_config(), "default_capacity: 5", "default_capacity: 0"));
    ServeProcess serve(SB_SWITCHBOARD_BINARY, config_);
    EXPECT_EQ(serve.wait(20s), 1);
    const std::string out = serve.output();
    EXPECT_NE(out.find("switchboard.yaml:"), std::string::npos) << out;
    EXPECT_NE(out.find("default_capacity"), std::string::npos) << out;
}

TEST_F(ServeTest, PortInUseIsAClearErrorNotACrash) {
    ServeProcess first(SB_SWITCHBOARD_BINARY, config_);
    ASSERT_TRUE(first.running()) << first.output();
    // The gateway listener on the first server's port (the admin one stays ephemeral).
    std::string yaml = test_config();
    const std::string key = "\n  listen: 127.0.0.1:0";
    yaml.replace(yaml.find(key), key.size(),
                 "\n  listen: 127.0.0.1:" + std::to_string(first.gateway_port()));
    write_file(config_, yaml);
    ServeProcess second(SB_SWITCHBOARD_BINARY, config_);
    EXPECT_EQ(second.wait(20s), 1);
    EXPECT_NE(second.output().find("cannot listen on"), std::string::npos) << second.output();
    first.signal(SIGTERM);
    EXPECT_EQ(first.wait(20s), 0) << first.output();
}

}  // namespace
}  // namespace switchboard::e2e
