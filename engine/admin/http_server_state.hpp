// What an HttpServer shares with its connections and its accept loop: limits, routes, counters,
// the listener and the registry of open connections. Held by shared_ptr from every pending
// handler, so a handler that runs after the HttpServer object is gone still finds valid state
// (and `stopped` set). Internal to engine/admin; io thread only.
#pragma once

#include <cstdint>
#include <memory>
#include <unordered_map>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "engine/admin/http_server.hpp"
#include "engine/admin/route_table.hpp"

namespace switchboard::admin {

class HttpConnection;

struct ServerState {
    ServerState(boost::asio::io_context& io_context, HttpLimits server_limits)
        : io(io_context), limits(server_limits), acceptor(io_context), accept_retry(io_context) {}

    // The routing table's answer to one parsed request, errors included. Never throws: a
    // handler's exception becomes a 500.
    Response dispatch(const http::request<http::string_body>& request);

    boost::asio::io_context& io;
    const HttpLimits limits;
    RouteTable routes;
    HttpServerStats stats;
    boost::asio::ip::tcp::acceptor acceptor;
    boost::asio::steady_timer accept_retry;  // pause after an accept error such as EMFILE
    std::uint16_t port = 0;
    bool started = false;
    bool stopped = false;
    std::uint64_t next_connection = 0;
    std::unordered_map<std::uint64_t, std::weak_ptr<HttpConnection>> connections;
};

}  // namespace switchboard::admin
