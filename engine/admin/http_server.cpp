#include "engine/admin/http_server.hpp"

#include <exception>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/socket_base.hpp>
#include <nlohmann/json.hpp>

#include "engine/admin/http_connection.hpp"
#include "engine/admin/http_server_state.hpp"
#include "engine/base/assert.hpp"

namespace switchboard::admin {
namespace {

namespace asio = boost::asio;
using boost::system::error_code;

constexpr std::chrono::milliseconds kAcceptRetry{100};

// Beast 1.74 speaks boost::string_view.
std::string_view path_of(boost::beast::string_view target) {
    const std::string_view t(target.data(), target.size());
    return t.substr(0, t.find('?'));
}

// Sent to a connection over the limit, in one non-blocking write: a fresh socket's send buffer
// takes it whole, and we keep no state for the connection we refuse.
std::string refusal(std::uint32_t max_connections) {
    const std::string body = dump_json(
        {{"error", "too many admin connections (limit " + std::to_string(max_connections) + ")"}});
    return "HTTP/1.1 503 Service Unavailable\r\nServer: switchboard-admin\r\n"
           "Content-Type: application/json\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

void refuse(asio::ip::tcp::socket& socket, std::uint32_t max_connections) {
    error_code ignored;
    socket.non_blocking(true, ignored);
    const std::string text = refusal(max_connections);
    socket.write_some(asio::buffer(text), ignored);
    socket.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    socket.close(ignored);
}

void accept_next(const std::shared_ptr<ServerState>& state);

void on_accept(const std::shared_ptr<ServerState>& state, const error_code& ec,
               asio::ip::tcp::socket socket) {
    if (state->stopped || ec == asio::error::operation_aborted) return;
    if (ec) {
        // Typically EMFILE: retrying at once would spin. Pause, then accept again.
        ++state->stats.accept_errors;
        state->accept_retry.expires_after(kAcceptRetry);
        state->accept_retry.async_wait([state](const error_code& e) {
            if (!e && !state->stopped) accept_next(state);
        });
        return;
    }
    if (state->stats.connections_open >= state->limits.max_connections) {
        ++state->stats.connections_refused;
        refuse(socket, state->limits.max_connections);
    } else {
        ++state->stats.connections_accepted;
        const std::uint64_t id = state->next_connection++;
        auto connection = std::make_shared<HttpConnection>(std::move(socket), state, id);
        state->connections.emplace(id, connection);
        connection->start();
    }
    accept_next(state);
}

void accept_next(const std::shared_ptr<ServerState>& state) {
    state->acceptor.async_accept(state->io,
                                 [state](const error_code& ec, asio::ip::tcp::socket socket) {
                                     on_accept(state, ec, std::move(socket));
                                 });
}

base::Error io_error(const config::ListenAddress& at, std::string_view what, const error_code& ec) {
    return base::Error{base::ErrorCode::kIo, "admin listener " + at.host + ":" +
                                                 std::to_string(at.port) + ": " +
                                                 std::string(what) + ": " + ec.message()};
}

}  // namespace

Response ServerState::dispatch(const http::request<http::string_body>& request) {
    RouteMatch match = routes.resolve(request.method(), path_of(request.target()));
    switch (match.kind) {
        case RouteMatch::Kind::kBadPath:
            return json_error(http::status::bad_request, match.problem);
        case RouteMatch::Kind::kNotFound:
            return json_error(http::status::not_found,
                              "no such endpoint: " + std::string(path_of(request.target())));
        case RouteMatch::Kind::kMethodNotAllowed: {
            Response r = json_error(http::status::method_not_allowed,
                                    "method " + std::string(request.method_string()) +
                                        " not allowed here; allowed: " + match.allow);
            r.headers.emplace_back("Allow", match.allow);
            return r;
        }
        case RouteMatch::Kind::kFound:
            break;
    }
    Request r{request.method(), path_of(request.target()), std::string_view(request.body()),
              std::move(match.params)};
    try {
        return (*match.handler)(r);
    } catch (const std::exception& e) {
        ++stats.handler_errors;
        return json_error(http::status::internal_server_error,
                          std::string("internal error: ") + e.what());
    } catch (...) {
        ++stats.handler_errors;
        return json_error(http::status::internal_server_error, "internal error");
    }
}

HttpServer::HttpServer(asio::io_context& io, HttpLimits limits)
    : state_(std::make_shared<ServerState>(io, limits)) {
    SB_ASSERT(limits.max_connections > 0);
    SB_ASSERT(limits.max_header_bytes > 0);
}

HttpServer::~HttpServer() { stop(); }

void HttpServer::route(http::verb method, std::string_view pattern, Handler handler) {
    SB_ASSERT(!state_->started);
    state_->routes.add(method, pattern, std::move(handler));
}

base::Result<std::uint16_t> HttpServer::start(const config::ListenAddress& at) {
    SB_ASSERT(!state_->started);
    state_->started = true;
    error_code ec;
    const std::string host = at.host == "localhost" ? "127.0.0.1" : at.host;
    const asio::ip::address address = asio::ip::make_address(host, ec);
    if (ec) {
        return base::Error{base::ErrorCode::kInvalidArgument,
                           "admin listener: '" + at.host + "' is not an IP address"};
    }
    const asio::ip::tcp::endpoint endpoint(address, at.port);
    asio::ip::tcp::acceptor& acceptor = state_->acceptor;
    if (acceptor.open(endpoint.protocol(), ec); ec) return io_error(at, "open", ec);
    // A restarted process may bind while the old one's connections sit in TIME_WAIT.
    acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (acceptor.bind(endpoint, ec); ec) return io_error(at, "bind", ec);
    if (acceptor.listen(asio::socket_base::max_listen_connections, ec); ec) {
        return io_error(at, "listen", ec);
    }
    state_->port = acceptor.local_endpoint(ec).port();
    if (ec) return io_error(at, "local endpoint", ec);
    accept_next(state_);
    return state_->port;
}

void HttpServer::stop() {
    if (state_->stopped) return;
    state_->stopped = true;
    error_code ignored;
    state_->acceptor.close(ignored);
    state_->accept_retry.cancel();
    // Lock first, close after: a connection's destructor erases it from the registry.
    std::vector<std::shared_ptr<HttpConnection>> open;
    for (auto& [id, weak] : state_->connections) {
        if (auto c = weak.lock()) open.push_back(std::move(c));
    }
    for (auto& c : open) c->close();
}

std::uint16_t HttpServer::port() const noexcept { return state_->port; }

const HttpServerStats& HttpServer::stats() const noexcept { return state_->stats; }

}  // namespace switchboard::admin
