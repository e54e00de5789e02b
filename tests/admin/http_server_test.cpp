// The HTTP layer's protocol behaviour over real loopback sockets: keep-alive, pipelining, limits,
// garbage, timeouts, stop.
#include "engine/admin/http_server.hpp"

#include <stdexcept>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/admin/admin_test_support.hpp"

namespace switchboard::admin {
namespace {

using nlohmann::json;
using testing::Client;
using testing::drive_until;
using testing::Reply;

struct Server {
    explicit Server(HttpLimits limits = {}) : http(io, limits) {
        http.route(http::verb::get, "/hello",
                   [](const Request&) { return text_response(http::status::ok, "hello\n"); });
        http.route(http::verb::post, "/size", [](const Request& r) {
            return text_response(http::status::ok, std::to_string(r.body.size()));
        });
        http.route(http::verb::get, "/boom",
                   [](const Request&) -> Response { throw std::runtime_error("boom"); });
        port = http.start({"127.0.0.1", 0}).value();
    }

    boost::asio::io_context io;
    HttpServer http;
    std::uint16_t port = 0;
};

HttpLimits small_limits() {
    HttpLimits limits;
    limits.max_header_bytes = 512;
    limits.max_body_bytes = 1024;
    limits.max_connections = 2;
    return limits;
}

TEST(HttpServer, StartReportsTheBoundEphemeralPort) {
    Server s;
    EXPECT_NE(s.port, 0);
    EXPECT_EQ(s.http.port(), s.port);
}

TEST(HttpServer, KeepAliveServesTwoRequestsOnOneConnection) {
    Server s;
    Client client(s.io, s.port);
    const Reply first = client.get("/hello");
    const Reply second = client.get("/hello");
    EXPECT_EQ(first.status(), 200);
    EXPECT_TRUE(first.response.keep_alive());
    EXPECT_EQ(second.status(), 200);
    EXPECT_EQ(second.body(), "hello\n");
    EXPECT_EQ(s.http.stats().connections_accepted, 1u);
    EXPECT_EQ(s.http.stats().requests, 2u);
}

TEST(HttpServer, PipelinedRequestsAreAnsweredInOrder) {
    Server s;
    Client client(s.io, s.port);
    ASSERT_FALSE(
        client.write_raw("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"
                         "POST /size HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"));
    EXPECT_EQ(client.read_response().body(), "hello\n");
    EXPECT_EQ(client.read_response().body(), "3");
}

TEST(HttpServer, ConnectionCloseIsHonouredAfterTheResponse) {
    Server s;
    Client client(s.io, s.port);
    const Reply r = client.request(http::verb::get, "/hello", {}, false);
    EXPECT_EQ(r.status(), 200);
    EXPECT_FALSE(r.response.keep_alive());
    EXPECT_TRUE(client.closed_by_server());
}

TEST(HttpServer, Http10WithoutKeepAliveIsClosedAfterTheResponse) {
    Server s;
    Client client(s.io, s.port);
    ASSERT_FALSE(client.write_raw("GET /hello HTTP/1.0\r\n\r\n"));
    const Reply r = client.read_response();
    EXPECT_EQ(r.status(), 200);
    EXPECT_EQ(r.response.version(), 10u);
    EXPECT_TRUE(client.closed_by_server());
}

TEST(HttpServer, GarbageGets400AndCloseAndTheServerKeepsServing) {
    Server s;
    Client garbage(s.io, s.port);
    ASSERT_FALSE(garbage.write_raw(
        std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 ", 12) + "\r\n\r\n"));
    const Reply r = garbage.read_response();
    EXPECT_EQ(r.status(), 400);
    EXPECT_EQ(r.header(http::field::content_type), "application/json");
    EXPECT_EQ(r.json()["error"].get<std::string>().rfind("malformed HTTP request: ", 0), 0u);
    EXPECT_TRUE(garbage.closed_by_server());
    EXPECT_EQ(s.http.stats().bad_requests, 1u);

    Client next(s.io, s.port);
    EXPECT_EQ(next.get("/hello").status(), 200);
}

TEST(HttpServer, UnknownMethodOnAKnownPathIs405) {
    Server s;
    Client client(s.io, s.port);
    ASSERT_FALSE(client.write_raw("BREW /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
    const Reply r = client.read_response();
    EXPECT_EQ(r.status(), 405);
    EXPECT_EQ(r.header(http::field::allow), "GET");
    EXPECT_EQ(r.json()["error"], "method BREW not allowed here; allowed: GET");
}

TEST(HttpServer, BodyAtTheLimitIsAccepted) {
    Server s(small_limits());
    Client client(s.io, s.port);
    const Reply r = client.request(http::verb::post, "/size", std::string(1024, 'x'));
    EXPECT_EQ(r.status(), 200);
    EXPECT_EQ(r.body(), "1024");
}

TEST(HttpServer, OversizeBodyIs413AndCloses) {
    Server s(small_limits());
    Client client(s.io, s.port);
    const Reply r = client.request(http::verb::post, "/size", std::string(100'000, 'x'));
    ASSERT_FALSE(r.ec) << r.ec.message();
    EXPECT_EQ(r.status(), 413);
    EXPECT_EQ(r.json(), (json{{"error", "request body exceeds 1024 bytes"}}));
    EXPECT_TRUE(client.closed_by_server());
}

TEST(HttpServer, OversizeHeaderIs431AndCloses) {
    Server s(small_limits());
    Client client(s.io, s.port);
    ASSERT_FALSE(
        client.write_raw("GET /hello HTTP/1.1\r\nX-Big: " + std::string(2000, 'y') + "\r\n\r\n"));
    const Reply r = client.read_response();
    EXPECT_EQ(r.status(), 431);
    EXPECT_EQ(r.json(), (json{{"error", "request header exceeds 512 bytes"}}));
    EXPECT_TRUE(client.closed_by_server());
}

TEST(HttpServer, ConnectionOverTheLimitGets503AndAFreedSlotIsReused) {
    Server s(small_limits());
    auto first = std::make_unique<Client>(s.io, s.port);
    Client second(s.io, s.port);
    ASSERT_EQ(first->get("/hello").status(), 200);
    ASSERT_EQ(second.get("/hello").status(), 200);

    Client third(s.io, s.port);
    const Reply refused = third.read_response();
    EXPECT_EQ(refused.status(), 503);
    EXPECT_EQ(refused.json(), (json{{"error", "too many admin connections (limit 2)"}}));
    EXPECT_EQ(s.http.stats().connections_refused, 1u);

    first.reset();
    ASSERT_TRUE(drive_until(s.io, [&] { return s.http.stats().connections_open == 1; }));
    Client fourth(s.io, s.port);
    EXPECT_EQ(fourth.get("/hello").status(), 200);
}

TEST(HttpServer, IdleConnectionIsClosedAfterTheIdleTimeout) {
    HttpLimits limits;
    limits.idle_timeout = std::chrono::milliseconds(50);
    Server s(limits);
    Client client(s.io, s.port);
    ASSERT_EQ(client.get("/hello").status(), 200);
    EXPECT_TRUE(client.closed_by_server());
    EXPECT_EQ(s.http.stats().timeouts, 1u);
}

TEST(HttpServer, HandlerExceptionIs500AndTheConnectionStaysUsable) {
    Server s;
    Client client(s.io, s.port);
    const Reply r = client.get("/boom");
    EXPECT_EQ(r.status(), 500);
    EXPECT_EQ(r.json(), (json{{"error", "internal error: boom"}}));
    EXPECT_EQ(client.get("/hello").status(), 200);
    EXPECT_EQ(s.http.stats().handler_errors, 1u);
}

TEST(HttpServer, StopClosesTheListenerAndOpenConnections) {
    Server s;
    Client client(s.io, s.port);
    ASSERT_EQ(client.get("/hello").status(), 200);
    s.http.stop();
    EXPECT_TRUE(client.closed_by_server());
    Client late(s.io, s.port);
    EXPECT_TRUE(late.connect_error());
    s.http.stop();  // idempotent
}

TEST(HttpServer, StartFailsOnAPortInUse) {
    Server first;
    boost::asio::io_context io;
    HttpServer second(io, {});
    const auto started = second.start({"127.0.0.1", first.port});
    ASSERT_FALSE(started.ok());
    EXPECT_EQ(started.error().code, base::ErrorCode::kIo);
    EXPECT_NE(started.error().message.find("bind"), std::string::npos) << started.error().message;
}

TEST(HttpServer, StartRejectsAHostThatIsNotAnAddress) {
    boost::asio::io_context io;
    HttpServer server(io, {});
    const auto started = server.start({"admin.example", 0});
    ASSERT_FALSE(started.ok());
    EXPECT_EQ(started.error().code, base::ErrorCode::kInvalidArgument);
    EXPECT_EQ(started.error().message, "admin listener: 'admin.example' is not an IP address");
}

TEST(HttpServer, LocalhostMeansLoopback) {
    boost::asio::io_context io;
    HttpServer server(io, {});
    ASSERT_TRUE(server.start({"localhost", 0}).ok());
    Client client(io, server.port());
    EXPECT_FALSE(client.connect_error());
}

}  // namespace
}  // namespace switchboard::admin
