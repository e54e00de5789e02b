// A small asynchronous HTTP/1.1 server for the admin endpoints (DESIGN.md §6), on Boost.Beast.
// It binds one listener, keeps connections alive between requests, and answers each request from
// a routing table of (method, path pattern) -> handler. Unknown path: 404; known path, other
// method: 405 with Allow; a request it cannot parse or that breaks a limit: 400 / 413 / 431 and
// the connection closed. Every error body is JSON: {"error": "..."}.
//
// Bounds (STYLE.md §15): request header and body sizes, concurrent connections (one over the
// limit gets a 503 and is closed at once), and the time to receive a request or send a response
// (beast::tcp_stream::expires_after; a connection idle longer than idle_timeout is closed).
//
// Threads: the server runs on the caller's io_context, which exactly one thread runs. route()
// and start() are called before that thread runs the context, or on it; stop(), stats() and the
// handlers run on it. From another thread, post: asio::post(io, [&] { server.stop(); }).
// Destroy the server on the io thread or after it stopped running the context; handlers still
// queued then find the server stopped and end without touching the routes.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string_view>

#include <boost/asio/io_context.hpp>

#include "engine/admin/http_types.hpp"
#include "engine/base/result.hpp"
#include "engine/config/snapshot.hpp"

namespace switchboard::admin {

struct HttpLimits {
    std::uint32_t max_header_bytes = 8 * 1024;  // request line and header fields
    std::uint32_t max_body_bytes = 64 * 1024;
    std::uint32_t max_connections = 64;
    // To receive one whole request, counted from the end of the previous response: also how
    // long an idle keep-alive connection stays open.
    std::chrono::milliseconds idle_timeout{30'000};
    std::chrono::milliseconds write_timeout{10'000};  // to send one response
};

// Plain counters of the server's life; io thread only.
struct HttpServerStats {
    std::uint64_t connections_accepted = 0;
    std::uint64_t connections_refused = 0;  // over max_connections: 503 and closed
    std::uint64_t accept_errors = 0;        // e.g. out of file descriptors; accepting resumes
    std::uint64_t requests = 0;             // parsed and answered through the routing table
    std::uint64_t bad_requests = 0;         // unparsable or over a limit: 4xx and closed
    std::uint64_t handler_errors = 0;       // a handler threw: 500
    std::uint64_t timeouts = 0;             // closed for exceeding idle or write timeout
    std::uint32_t connections_open = 0;
};

struct ServerState;  // shared by the server and its connections: http_server_state.hpp

class HttpServer {
  public:
    HttpServer(boost::asio::io_context& io, HttpLimits limits);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Precondition: start() not called yet; see RouteTable::add for the pattern rules.
    void route(http::verb method, std::string_view pattern, Handler handler);

    // Binds `at` (host "localhost" means 127.0.0.1; port 0 picks a free port) and starts
    // accepting. Returns the bound port. Errors: kInvalidArgument for a host that is not an IP
    // address, kIo when the operating system refuses the bind or listen.
    // Precondition: start() not called yet.
    base::Result<std::uint16_t> start(const config::ListenAddress& at);

    // Closes the listener and every connection (requests being handled get no answer). Idempotent.
    void stop();

    // The bound port; 0 before start().
    std::uint16_t port() const noexcept;
    const HttpServerStats& stats() const noexcept;

  private:
    std::shared_ptr<ServerState> state_;
};

}  // namespace switchboard::admin
