// The admin endpoints over a real runtime::Engine: scrape /metrics, read a tenant's state and a
// decision trace, reload, readiness. The engine's shard threads run; the admin server and the
// client share the test thread.
#include "engine/admin/engine_backend.hpp"

#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "engine/admin/admin_service.hpp"
#include "engine/runtime/placement.hpp"

#include "tests/admin/admin_test_support.hpp"
#include "tests/runtime/runtime_test_support.hpp"

namespace switchboard::admin {
namespace {

using nlohmann::json;
using testing::Client;
using testing::Reply;

// Two tenants on two shards; alice (capacity 2) at t0 gets c1 and c2, c3 waits.
struct RunningEngine {
    RunningEngine() {
        ::switchboard::testing::RuntimeConfig cfg;
        cfg.tenants = 2;
        cfg.shards = 2;
        snapshot = ::switchboard::testing::runtime_snapshot(cfg);
        engine = runtime::Engine::start(snapshot).value();
        port = engine->open_port().value();
        submit(::switchboard::testing::login("t0", "alice", 2));
        submit(::switchboard::testing::message("t0", "c1"));
        submit(::switchboard::testing::message("t0", "c2"));
        submit(::switchboard::testing::message("t0", "c3"));
        t0_shard = runtime::shard_for_tenant("t0", 2);
        // Stats are published once per batch: wait until t0's shard applied all four.
        for (int i = 0; i < 5000 && engine->stats().shards[t0_shard].events < 4; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    }
    ~RunningEngine() {
        engine->close_port(port);
        engine->stop();
    }

    void submit(core::Event event) {
        runtime::Submission s;
        s.event = std::move(event);
        ASSERT_EQ(engine->submit(port, s), runtime::SubmitStatus::kAccepted);
    }

    std::shared_ptr<const config::Snapshot> snapshot;
    std::shared_ptr<runtime::Engine> engine;
    std::uint32_t port = 0;
    std::uint32_t t0_shard = 0;
};

struct Admin {
    explicit Admin(RunningEngine& running, EngineBackendOptions options = {})
        : backend(*running.engine, hooks(running), options), service(io, backend) {
        port = service.start({"127.0.0.1", 0}).value();
    }

    static EngineHooks hooks(RunningEngine& running) {
        EngineHooks h;
        h.reload = [&running] { return running.engine->reload(running.snapshot); };
        h.collect_server = [](prometheus::Writer& out) {
            out.counter("switchboard_gateway_connections_total", "Gateway connections.", 3);
        };
        return h;
    }

    boost::asio::io_context io;
    EngineBackend backend;
    AdminService service;
    std::uint16_t port = 0;
};

bool has_line(const std::string& text, const std::string& line) {
    return text.find("\n" + line + "\n") != std::string::npos;
}

TEST(EngineBackend, MetricsCoverCountersGaugesLatencyAndServerHook) {
    RunningEngine running;
    ASSERT_EQ(running.engine->stats().shards[running.t0_shard].events, 4u);
    Admin admin(running);
    Client client(admin.io, admin.port);
    const Reply r = client.get("/metrics");
    ASSERT_EQ(r.status(), 200);
    const std::string& m = r.body();
    const std::string s = std::to_string(running.t0_shard);
    const std::string other = std::to_string(1 - running.t0_shard);
    EXPECT_TRUE(has_line(m, "switchboard_config_version 1")) << m;
    EXPECT_TRUE(has_line(m, "switchboard_shard_up{shard=\"" + s + "\"} 1"));
    EXPECT_TRUE(has_line(m, "switchboard_shard_up{shard=\"" + other + "\"} 1"));
    EXPECT_TRUE(has_line(m, "switchboard_events_total{shard=\"" + s + "\"} 4"));
    EXPECT_TRUE(has_line(m, "switchboard_assignments_total{shard=\"" + s + "\"} 2"));
    EXPECT_TRUE(has_line(m, "switchboard_conversations_opened_total{shard=\"" + s + "\"} 3"));
    EXPECT_TRUE(has_line(m, "switchboard_queued_total{shard=\"" + s + "\"} 1"));
    EXPECT_TRUE(has_line(m, "switchboard_ring_depth{shard=\"" + s + "\"} 0"));
    EXPECT_TRUE(
        has_line(m, "switchboard_queue_depth{tenant=\"t0\",queue=\"presales\",tier=\"normal\"} 1"));
    EXPECT_TRUE(
        has_line(m, "switchboard_queue_depth{tenant=\"t1\",queue=\"presales\",tier=\"normal\"} 0"));
    EXPECT_TRUE(has_line(m, "switchboard_open_conversations{tenant=\"t0\"} 3"));
    EXPECT_TRUE(has_line(m, "switchboard_agents{tenant=\"t0\",state=\"available\"} 1"));
    EXPECT_TRUE(has_line(m, "switchboard_agent_load{tenant=\"t0\"} 2"));
    EXPECT_TRUE(has_line(m, "switchboard_agent_capacity{tenant=\"t0\"} 2"));
    EXPECT_TRUE(has_line(m, "switchboard_event_latency_seconds_count{shard=\"" + s + "\"} 4"));
    EXPECT_TRUE(
        has_line(m, "switchboard_event_latency_seconds_bucket{shard=\"" + s + "\",le=\"+Inf\"} 4"));
    EXPECT_NE(m.find("switchboard_event_latency_seconds_bucket{shard=\"0\",le=\"0.000001\"} "),
              std::string::npos);
    EXPECT_TRUE(has_line(m, "switchboard_gateway_connections_total 3"));
    EXPECT_TRUE(has_line(m, "switchboard_admin_requests_total 1"));
}

TEST(EngineBackend, TenantStateAndTraceComeFromTheShard) {
    RunningEngine running;
    Admin admin(running);
    Client client(admin.io, admin.port);
    const Reply state = client.get("/api/v1/tenants/t0/state");
    ASSERT_EQ(state.status(), 200) << state.body();
    const json s = state.json();
    EXPECT_EQ(s["tenant"], "t0");
    EXPECT_EQ(s["open_conversations"], 3);
    EXPECT_EQ(s["queues"][0]["waiting"], 1);
    EXPECT_EQ(s["queues"][0]["head"][0]["conversation"], "c3");
    EXPECT_EQ(s["agents"][0]["name"], "alice");
    EXPECT_EQ(s["agents"][0]["conversations"], json::array({"c1", "c2"}));

    const Reply trace = client.get("/api/v1/tenants/t0/conversations/c1/trace");
    ASSERT_EQ(trace.status(), 200) << trace.body();
    EXPECT_EQ(trace.json()["agent"], "alice");
    EXPECT_EQ(trace.json()["decision"]["chosen"], "alice");
    EXPECT_EQ(trace.json()["candidates"],
              json::array({{{"agent", "alice"}, {"verdict", "chosen"}}}));
}

TEST(EngineBackend, UnknownTenantOrConversationIs404) {
    RunningEngine running;
    Admin admin(running);
    Client client(admin.io, admin.port);
    const Reply tenant = client.get("/api/v1/tenants/t9/state");
    EXPECT_EQ(tenant.status(), 404);
    EXPECT_EQ(tenant.json()["error"], "unknown tenant 't9'");
    const Reply conversation = client.get("/api/v1/tenants/t1/conversations/c1/trace");
    EXPECT_EQ(conversation.status(), 404);
    EXPECT_EQ(conversation.json()["error"], "conversation 'c1' is not open at tenant 't1'");
}

TEST(EngineBackend, ReloadInstallsTheNextVersion) {
    RunningEngine running;
    Admin admin(running);
    Client client(admin.io, admin.port);
    const Reply r = client.request(http::verb::post, "/api/v1/reload");
    ASSERT_EQ(r.status(), 200) << r.body();
    EXPECT_EQ(r.json(), (json{{"version", 2}}));
    EXPECT_TRUE(has_line(client.get("/metrics").body(), "switchboard_config_version 2"));
}

TEST(EngineBackend, NotReadyAndNoReloadOnceTheEngineStops) {
    RunningEngine running;
    Admin admin(running);
    Client client(admin.io, admin.port);
    EXPECT_EQ(client.get("/readyz").status(), 200);
    running.engine->stop();
    EXPECT_EQ(client.get("/readyz").status(), 503);
    EXPECT_EQ(client.get("/healthz").status(), 200);
    const Reply reload = client.request(http::verb::post, "/api/v1/reload");
    EXPECT_EQ(reload.status(), 503);
    EXPECT_EQ(reload.json()["errors"],
              json::array({"the engine is stopping; the configuration was not reloaded"}));
    // A stopped engine still answers state questions, on the calling thread.
    EXPECT_EQ(client.get("/api/v1/tenants/t0/state").status(), 200);
}

TEST(EngineBackend, ShardThatDoesNotAnswerGives503AndIsDownInMetrics) {
    RunningEngine running;
    // Tasks of one shard run one after another: this one holds t0's shard until released.
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    std::future<void> blocker = running.engine->run_on_shard(
        running.t0_shard, [released](const core::Shard&) { released.wait(); });
    EngineBackendOptions options;
    options.shard_timeout = std::chrono::milliseconds(50);
    Admin admin(running, options);
    Client client(admin.io, admin.port);

    const Reply state = client.get("/api/v1/tenants/t0/state");
    EXPECT_EQ(state.status(), 503);
    EXPECT_EQ(state.json()["error"],
              "shard " + std::to_string(running.t0_shard) + " did not answer within 50 ms");
    const std::string m = client.get("/metrics").body();
    const std::string s = std::to_string(running.t0_shard);
    EXPECT_TRUE(has_line(m, "switchboard_shard_up{shard=\"" + s + "\"} 0"));
    EXPECT_TRUE(has_line(
        m, "switchboard_shard_up{shard=\"" + std::to_string(1 - running.t0_shard) + "\"} 1"));
    EXPECT_TRUE(has_line(m, "switchboard_events_total{shard=\"" + s + "\"} 4"));
    EXPECT_FALSE(has_line(m, "switchboard_open_conversations{tenant=\"t0\"} 3"));
    EXPECT_TRUE(has_line(m, "switchboard_open_conversations{tenant=\"t1\"} 0"));

    // The late answers land in storage their tasks own, after the requests were answered.
    release.set_value();
    blocker.get();
    EXPECT_EQ(client.get("/api/v1/tenants/t0/state").status(), 200);
}

TEST(EngineBackend, ServerReadinessHookGatesReadyz) {
    RunningEngine running;
    bool listeners_up = false;
    EngineHooks hooks = Admin::hooks(running);
    hooks.ready = [&listeners_up] { return listeners_up; };
    EngineBackend backend(*running.engine, hooks);
    EXPECT_FALSE(backend.ready());
    listeners_up = true;
    EXPECT_TRUE(backend.ready());
}

}  // namespace
}  // namespace switchboard::admin
