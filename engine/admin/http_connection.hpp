// One admin HTTP connection: read a request (bounded in size and time), answer it through the
// server's routing table, repeat while both sides keep the connection alive. A request that
// cannot be parsed or breaks a limit gets a 4xx and the connection closes. Closing is graceful:
// shut down our sending side, then read and discard what the client still sends (bounded in
// bytes and time), so that the client reads our last response before it sees the close instead
// of a reset that would discard it.
//
// Owned by the handlers pending on it (shared_from_this); the server keeps a weak_ptr to close it
// on stop(). Internal to engine/admin; io thread only.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "engine/admin/http_server_state.hpp"

namespace switchboard::admin {

class HttpConnection : public std::enable_shared_from_this<HttpConnection> {
  public:
    HttpConnection(boost::asio::ip::tcp::socket socket, std::shared_ptr<ServerState> server,
                   std::uint64_t id);
    ~HttpConnection();
    HttpConnection(const HttpConnection&) = delete;
    HttpConnection& operator=(const HttpConnection&) = delete;

    void start();
    // Cancels every pending operation and closes the socket; the handlers then end.
    void close();

  private:
    using error_code = boost::system::error_code;

    void read_request();
    void on_read(const error_code& ec);
    void answer_parse_error(const error_code& ec);
    void send(Response response, bool keep_alive);
    void on_write(const error_code& ec, bool keep_alive);
    void linger();
    void on_linger(const error_code& ec, std::size_t bytes);

    boost::beast::tcp_stream stream_;
    std::shared_ptr<ServerState> server_;
    const std::uint64_t id_;
    boost::beast::flat_buffer buffer_;
    // A parser holds one message; a fresh one per request (Beast parsers are not reusable).
    std::optional<http::request_parser<http::string_body>> parser_;
    http::response<http::string_body> response_;
    unsigned version_ = 11;  // of the request being answered
    std::array<char, 4096> discard_{};
    std::uint64_t discarded_ = 0;
};

}  // namespace switchboard::admin
