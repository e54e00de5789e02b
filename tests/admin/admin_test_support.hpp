// Test support for the admin HTTP layer: a Beast client and a fake AdminBackend. The client runs
// on the same io_context as the server under test and drives it while it waits, so a test is one
// thread: no races, and a hung server fails the test at the client's timeout instead of hanging.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/io_context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "engine/admin/admin_backend.hpp"
#include "engine/admin/http_types.hpp"

namespace switchboard::admin::testing {

using error_code = boost::system::error_code;

struct Reply {
    error_code ec;  // set when no whole response arrived
    http::response<http::string_body> response;

    int status() const { return static_cast<int>(response.result_int()); }
    const std::string& body() const { return response.body(); }
    std::string header(http::field field) const;
    nlohmann::json json() const;  // the body parsed; a parse error fails the test
};

class Client {
  public:
    // Connects to 127.0.0.1:port; connect_error() tells whether it worked.
    Client(boost::asio::io_context& io, std::uint16_t port);

    error_code connect_error() const { return connect_error_; }
    Reply request(http::verb method, std::string_view target, std::string body = {},
                  bool keep_alive = true);
    Reply get(std::string_view target) { return request(http::verb::get, target); }
    error_code write_raw(std::string_view bytes);
    Reply read_response();
    // True when the server closes the connection (end of stream or reset) within the timeout,
    // after any bytes still in flight.
    bool closed_by_server();

  private:
    template <typename Start>
    error_code await(Start&& start);

    boost::asio::io_context& io_;
    boost::beast::tcp_stream stream_;
    boost::beast::flat_buffer buffer_;
    error_code connect_error_;
};

// Runs `io` until `done()` holds or ~5 s pass; returns done().
bool drive_until(boost::asio::io_context& io, const std::function<bool()>& done);

// Answers for tenant "shop" (and conversation "c1" there) and for whatever a test puts in the
// public fields; counts the calls it gets.
class FakeBackend final : public AdminBackend {
  public:
    bool ready() override { return is_ready; }
    void collect(prometheus::Writer& out) override;
    base::Result<nlohmann::json> tenant_state(std::string_view tenant) override;
    base::Result<nlohmann::json> conversation_trace(std::string_view tenant,
                                                    std::string_view conversation) override;
    base::Result<std::uint64_t> reload() override;

    bool is_ready = false;
    std::optional<base::Error> reload_error;  // reload() fails with it when set
    std::uint64_t version = 1;                // reload() returns ++version otherwise
    int reloads = 0;
    std::string last_tenant;  // as the backend received it, percent-decoded
    std::string last_conversation;
};

}  // namespace switchboard::admin::testing
