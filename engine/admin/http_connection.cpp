#include "engine/admin/http_connection.hpp"

#include <string>
#include <utility>

#include <boost/asio/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

namespace switchboard::admin {
namespace {

namespace beast = boost::beast;
namespace asio = boost::asio;

// A closing connection reads and drops at most this much, for at most this long, before it
// closes for good (see the header).
constexpr std::uint64_t kLingerMaxBytes = 1024 * 1024;
constexpr std::chrono::milliseconds kLingerTimeout{1000};

bool is_http_error(const boost::system::error_code& ec) {
    return ec.category() == http::make_error_code(http::error::bad_method).category();
}

Response parse_error_response(const boost::system::error_code& ec, const HttpLimits& limits) {
    if (ec == http::error::body_limit) {
        return json_error(
            http::status::payload_too_large,
            "request body exceeds " + std::to_string(limits.max_body_bytes) + " bytes");
    }
    if (ec == http::error::buffer_overflow) {  // pipelined requests beyond one request's limits
        return json_error(http::status::payload_too_large,
                          "pipelined requests exceed the connection's buffer");
    }
    if (ec == http::error::header_limit) {
        return json_error(
            http::status::request_header_fields_too_large,
            "request header exceeds " + std::to_string(limits.max_header_bytes) + " bytes");
    }
    return json_error(http::status::bad_request, "malformed HTTP request: " + ec.message());
}

}  // namespace

HttpConnection::HttpConnection(asio::ip::tcp::socket socket, std::shared_ptr<ServerState> server,
                               std::uint64_t id)
    : stream_(std::move(socket)),
      server_(std::move(server)),
      id_(id),
      // Room for a whole header plus a body: the parser moves the body out as it goes, so this
      // bounds what one pipelined burst can make us hold.
      buffer_(std::size_t{server_->limits.max_header_bytes} + server_->limits.max_body_bytes +
              4096) {
    ++server_->stats.connections_open;
}

HttpConnection::~HttpConnection() {
    --server_->stats.connections_open;
    server_->connections.erase(id_);
}

void HttpConnection::start() { read_request(); }

void HttpConnection::close() { stream_.close(); }

void HttpConnection::read_request() {
    parser_.emplace();
    parser_->header_limit(server_->limits.max_header_bytes);
    parser_->body_limit(server_->limits.max_body_bytes);
    stream_.expires_after(server_->limits.idle_timeout);
    http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](const error_code& ec, std::size_t) { self->on_read(ec); });
}

void HttpConnection::on_read(const error_code& ec) {
    if (server_->stopped || ec == asio::error::operation_aborted) return;
    if (ec == beast::error::timeout) {
        ++server_->stats.timeouts;  // the stream closed the socket
        return;
    }
    if (ec == http::error::end_of_stream) return linger();  // the client closed between requests
    if (is_http_error(ec)) return answer_parse_error(ec);
    if (ec) return;  // a socket error: nobody left to answer

    const http::request<http::string_body>& request = parser_->get();
    version_ = request.version();
    ++server_->stats.requests;
    send(server_->dispatch(request), request.keep_alive());
}

void HttpConnection::answer_parse_error(const error_code& ec) {
    ++server_->stats.bad_requests;
    version_ = 11;
    send(parse_error_response(ec, server_->limits), false);
}

void HttpConnection::send(Response response, bool keep_alive) {
    response_ = {};
    response_.version(version_);
    response_.result(response.status);
    response_.set(http::field::server, "switchboard-admin");
    response_.set(http::field::content_type, response.content_type);
    // Every admin answer is live state: a cache in between must not serve an old one.
    response_.set(http::field::cache_control, "no-store");
    for (auto& [name, value] : response.headers) response_.set(name, value);
    response_.body() = std::move(response.body);
    response_.keep_alive(keep_alive);
    response_.prepare_payload();
    stream_.expires_after(server_->limits.write_timeout);
    http::async_write(stream_, response_,
                      [self = shared_from_this(), keep_alive](const error_code& ec, std::size_t) {
                          self->on_write(ec, keep_alive);
                      });
}

void HttpConnection::on_write(const error_code& ec, bool keep_alive) {
    if (server_->stopped || ec == asio::error::operation_aborted) return;
    if (ec == beast::error::timeout) {
        ++server_->stats.timeouts;
        return;
    }
    if (ec) return;
    if (keep_alive) return read_request();
    linger();
}

void HttpConnection::linger() {
    error_code ignored;
    stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
    stream_.expires_after(kLingerTimeout);
    // Whatever the buffer already holds was received: only the socket may still have more.
    stream_.async_read_some(
        asio::buffer(discard_),
        [self = shared_from_this()](const error_code& e, std::size_t n) { self->on_linger(e, n); });
}

void HttpConnection::on_linger(const error_code& ec, std::size_t bytes) {
    discarded_ += bytes;
    if (ec || server_->stopped || discarded_ >= kLingerMaxBytes) {
        stream_.close();
        return;
    }
    stream_.async_read_some(
        asio::buffer(discard_),
        [self = shared_from_this()](const error_code& e, std::size_t n) { self->on_linger(e, n); });
}

}  // namespace switchboard::admin
