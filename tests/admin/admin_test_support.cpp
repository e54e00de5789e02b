#include "tests/admin/admin_test_support.hpp"

#include <chrono>
#include <utility>

#include <boost/asio/error.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace switchboard::admin::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;

// Generous: it only bounds a test that would otherwise hang.
constexpr std::chrono::seconds kTimeout{5};

}  // namespace

std::string Reply::header(http::field field) const {
    const auto it = response.find(field);
    return it == response.end() ? std::string() : std::string(it->value());
}

nlohmann::json Reply::json() const {
    nlohmann::json out = nlohmann::json::parse(body(), nullptr, false);
    EXPECT_FALSE(out.is_discarded()) << "not JSON: " << body();
    return out;
}

template <typename Start>
error_code Client::await(Start&& start) {
    std::optional<error_code> result;
    stream_.expires_after(kTimeout);
    start([&result](const error_code& ec, auto&&...) { result = ec; });
    // The server's handlers run here too; the stream's timer bounds the wait.
    while (!result) {
        if (io_.run_one() == 0) io_.restart();
    }
    return *result;
}

Client::Client(asio::io_context& io, std::uint16_t port) : io_(io), stream_(io) {
    const asio::ip::tcp::endpoint server(asio::ip::make_address("127.0.0.1"), port);
    connect_error_ = await([&](auto done) { stream_.async_connect(server, done); });
}

Reply Client::request(http::verb method, std::string_view target, std::string body,
                      bool keep_alive) {
    http::request<http::string_body> req(method, std::string(target), 11);
    req.set(http::field::host, "127.0.0.1");
    req.body() = std::move(body);
    req.keep_alive(keep_alive);
    req.prepare_payload();
    Reply reply;
    reply.ec = await([&](auto done) { http::async_write(stream_, req, done); });
    if (reply.ec) return reply;
    return read_response();
}

error_code Client::write_raw(std::string_view bytes) {
    return await([&](auto done) { asio::async_write(stream_, asio::buffer(bytes), done); });
}

Reply Client::read_response() {
    Reply reply;
    reply.ec = await([&](auto done) { http::async_read(stream_, buffer_, reply.response, done); });
    return reply;
}

bool Client::closed_by_server() {
    char scratch[4096];
    while (true) {
        const error_code ec =
            await([&](auto done) { stream_.async_read_some(asio::buffer(scratch), done); });
        if (ec == asio::error::eof || ec == asio::error::connection_reset) return true;
        if (ec) return false;  // our timeout: the server kept it open
    }
}

bool drive_until(asio::io_context& io, const std::function<bool()>& done) {
    const auto deadline = std::chrono::steady_clock::now() + kTimeout;
    while (!done() && std::chrono::steady_clock::now() < deadline) {
        if (io.run_one_for(std::chrono::milliseconds(10)) == 0 && io.stopped()) io.restart();
    }
    return done();
}

void FakeBackend::collect(prometheus::Writer& out) {
    out.counter("switchboard_events_total", "Events applied.", 42, {{"shard", "0"}});
}

base::Result<nlohmann::json> FakeBackend::tenant_state(std::string_view tenant) {
    last_tenant = tenant;
    if (tenant != "shop" && tenant != "shop 7/b") {
        return base::Error{base::ErrorCode::kNotFound,
                           "unknown tenant '" + std::string(tenant) + "'"};
    }
    return nlohmann::json{{"tenant", tenant}, {"queues", nlohmann::json::array()}};
}

base::Result<nlohmann::json> FakeBackend::conversation_trace(std::string_view tenant,
                                                             std::string_view conversation) {
    last_tenant = tenant;
    last_conversation = conversation;
    if (tenant != "shop") {
        return base::Error{base::ErrorCode::kNotFound,
                           "unknown tenant '" + std::string(tenant) + "'"};
    }
    if (conversation != "c1") {
        return base::Error{
            base::ErrorCode::kNotFound,
            "conversation '" + std::string(conversation) + "' is not open at tenant 'shop'"};
    }
    return nlohmann::json{{"tenant", tenant}, {"conversation", conversation}};
}

base::Result<std::uint64_t> FakeBackend::reload() {
    ++reloads;
    if (reload_error) return *reload_error;
    return ++version;
}

}  // namespace switchboard::admin::testing
