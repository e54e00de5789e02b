// Each admin route over real loopback HTTP, against a fake backend.
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "engine/admin/admin_service.hpp"

#include "tests/admin/admin_test_support.hpp"

namespace switchboard::admin {
namespace {

using nlohmann::json;
using testing::Client;
using testing::FakeBackend;
using testing::Reply;

struct Admin {
    Admin() : service(io, backend) { port = service.start({"127.0.0.1", 0}).value(); }

    boost::asio::io_context io;
    FakeBackend backend;
    AdminService service;
    std::uint16_t port = 0;
};

TEST(AdminRoutes, HealthzIsOkWhileTheProcessRuns) {
    Admin admin;
    Client client(admin.io, admin.port);
    const Reply r = client.get("/healthz");
    ASSERT_FALSE(r.ec) << r.ec.message();
    EXPECT_EQ(r.status(), 200);
    EXPECT_EQ(r.body(), "ok\n");
    EXPECT_EQ(r.header(http::field::content_type), "text/plain; charset=utf-8");
}

TEST(AdminRoutes, ReadyzFollowsTheBackend) {
    Admin admin;
    Client client(admin.io, admin.port);
    EXPECT_EQ(client.get("/readyz").status(), 503);
    admin.backend.is_ready = true;
    const Reply r = client.get("/readyz");
    EXPECT_EQ(r.status(), 200);
    EXPECT_EQ(r.body(), "ready\n");
}

TEST(AdminRoutes, MetricsAreTheBackendsSamplesThenTheServersOwn) {
    Admin admin;
    Client client(admin.io, admin.port);
    const Reply r = client.get("/metrics");
    EXPECT_EQ(r.status(), 200);
    EXPECT_EQ(r.header(http::field::content_type), "text/plain; version=0.0.4; charset=utf-8");
    const std::string expected_start =
        "# HELP switchboard_events_total Events applied.\n"
        "# TYPE switchboard_events_total counter\n"
        "switchboard_events_total{shard=\"0\"} 42\n"
        "# HELP switchboard_admin_connections_accepted_total Admin HTTP connections accepted.\n"
        "# TYPE switchboard_admin_connections_accepted_total counter\n"
        "switchboard_admin_connections_accepted_total 1\n";
    EXPECT_EQ(r.body().substr(0, expected_start.size()), expected_start);
    EXPECT_NE(r.body().find("switchboard_admin_connections_open 1\n"), std::string::npos);
    EXPECT_NE(r.body().find("switchboard_admin_requests_total 1\n"), std::string::npos);
}

TEST(AdminRoutes, TenantStateIsTheBackendsJson) {
    Admin admin;
    Client client(admin.io, admin.port);
    const Reply r = client.get("/api/v1/tenants/shop/state");
    EXPECT_EQ(r.status(), 200);
    EXPECT_EQ(r.header(http::field::content_type), "application/json");
    EXPECT_EQ(r.json(), (json{{"tenant", "shop"}, {"queues", json::array()}}));
}

TEST(AdminRoutes, PathSegmentsArePercentDecoded) {
    Admin admin;
    Client client(admin.io, admin.port);
    const Reply r = client.get("/api/v1/tenants/shop%207%2Fb/state?pretty=1");
    EXPECT_EQ(r.status(), 200);
    EXPECT_EQ(admin.backend.last_tenant, "shop 7/b");
}

TEST(AdminRoutes, UnknownTenantIsNotFoundWithTheBackendsMessage) {
    Admin admin;
    Client client(admin.io, admin.port);
    const Reply r = client.get("/api/v1/tenants/nope/state");
    EXPECT_EQ(r.status(), 404);
    EXPECT_EQ(r.json(), (json{{"error", "unknown tenant 'nope'"}}));
}

TEST(AdminRoutes, ConversationTraceReachesTheBackendWithBothNames) {
    Admin admin;
    Client client(admin.io, admin.port);
    const Reply r = client.get("/api/v1/tenants/shop/conversations/c1/trace");
    EXPECT_EQ(r.status(), 200);
    EXPECT_EQ(r.json(), (json{{"tenant", "shop"}, {"conversation", "c1"}}));
    const Reply missing = client.get("/api/v1/tenants/shop/conversations/c9/trace");
    EXPECT_EQ(missing.status(), 404);
    EXPECT_EQ(missing.json()["error"], "conversation 'c9' is not open at tenant 'shop'");
}

TEST(AdminRoutes, ReloadAnswersTheNewVersion) {
    Admin admin;
    Client client(admin.io, admin.port);
    const Reply r = client.request(http::verb::post, "/api/v1/reload");
    EXPECT_EQ(r.status(), 200);
    EXPECT_EQ(r.json(), (json{{"version", 2}}));
    EXPECT_EQ(admin.backend.reloads, 1);
}

TEST(AdminRoutes, RejectedReloadIs422WithOneErrorPerLine) {
    Admin admin;
    admin.backend.reload_error = base::Error{
        base::ErrorCode::kInvalidArgument,
        "a.yaml:3:5: tenants[0].id: must not be empty\na.yaml:9:1: tiers: expected a list"};
    Client client(admin.io, admin.port);
    const Reply r = client.request(http::verb::post, "/api/v1/reload");
    EXPECT_EQ(r.status(), 422);
    EXPECT_EQ(r.json(), (json{{"error",
                               "reload failed with 2 problems; the running configuration stays "
                               "in force"},
                              {"errors",
                               {"a.yaml:3:5: tenants[0].id: must not be empty",
                                "a.yaml:9:1: tiers: expected a list"}}}));
}

TEST(AdminRoutes, ReloadTheEngineCannotTakeIs422) {
    Admin admin;
    admin.backend.reload_error =
        base::Error{base::ErrorCode::kFailedPrecondition, "engine.shards: cannot change live"};
    Client client(admin.io, admin.port);
    const Reply r = client.request(http::verb::post, "/api/v1/reload");
    EXPECT_EQ(r.status(), 422);
    EXPECT_EQ(r.json()["errors"], json::array({"engine.shards: cannot change live"}));
}

TEST(AdminRoutes, ReloadWhileStoppingIs503) {
    Admin admin;
    admin.backend.reload_error =
        base::Error{base::ErrorCode::kResourceExhausted, "the engine is stopping"};
    Client client(admin.io, admin.port);
    const Reply r = client.request(http::verb::post, "/api/v1/reload");
    EXPECT_EQ(r.status(), 503);
    EXPECT_EQ(r.json()["error"],
              "reload failed with 1 problem; the running configuration stays in force");
}

TEST(AdminRoutes, UnknownPathIs404WithJsonError) {
    Admin admin;
    Client client(admin.io, admin.port);
    const Reply r = client.get("/api/v2/nothing");
    EXPECT_EQ(r.status(), 404);
    EXPECT_EQ(r.header(http::field::content_type), "application/json");
    EXPECT_EQ(r.json(), (json{{"error", "no such endpoint: /api/v2/nothing"}}));
}

TEST(AdminRoutes, WrongMethodIs405WithAllow) {
    Admin admin;
    Client client(admin.io, admin.port);
    const Reply get_reload = client.get("/api/v1/reload");
    EXPECT_EQ(get_reload.status(), 405);
    EXPECT_EQ(get_reload.header(http::field::allow), "POST");
    EXPECT_EQ(get_reload.json()["error"], "method GET not allowed here; allowed: POST");
    const Reply post_metrics = client.request(http::verb::post, "/metrics", "x");
    EXPECT_EQ(post_metrics.status(), 405);
    EXPECT_EQ(post_metrics.header(http::field::allow), "GET");
}

TEST(AdminRoutes, BadPercentEscapeIs400) {
    Admin admin;
    Client client(admin.io, admin.port);
    const Reply r = client.get("/api/v1/tenants/sh%zzop/state");
    EXPECT_EQ(r.status(), 400);
    EXPECT_EQ(r.json()["error"], "bad percent-encoding in path segment 'sh%zzop'");
}

TEST(AdminRoutes, InvalidUtf8InANameStillGivesValidJson) {
    Admin admin;
    Client client(admin.io, admin.port);
    const Reply r = client.get("/api/v1/tenants/%FF%FE/state");
    EXPECT_EQ(r.status(), 404);
    EXPECT_EQ(r.json()["error"], "unknown tenant '\xEF\xBF\xBD\xEF\xBF\xBD'");
}

TEST(AdminRoutes, BackendErrorCodesMapToStatuses) {
    EXPECT_EQ(status_for(base::ErrorCode::kNotFound), http::status::not_found);
    EXPECT_EQ(status_for(base::ErrorCode::kInvalidArgument), http::status::bad_request);
    EXPECT_EQ(status_for(base::ErrorCode::kFailedPrecondition), http::status::conflict);
    EXPECT_EQ(status_for(base::ErrorCode::kResourceExhausted), http::status::service_unavailable);
    EXPECT_EQ(status_for(base::ErrorCode::kInternal), http::status::internal_server_error);
}

}  // namespace
}  // namespace switchboard::admin
