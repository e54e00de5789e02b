#include "engine/net/gateway_client.hpp"

#include <cerrno>
#include <cstring>
#include <variant>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace switchboard::net {
namespace {

constexpr std::size_t kAutoFlushBytes = 64 * 1024;
constexpr std::size_t kReadChunk = 64 * 1024;

base::Error io_error(std::string what) {
    return base::Error{base::ErrorCode::kIo, std::move(what) + ": " + std::strerror(errno)};
}

}  // namespace

base::Result<std::unique_ptr<GatewayClient>> GatewayClient::connect(std::string_view host,
                                                                    std::uint16_t port,
                                                                    std::uint32_t max_frame) {
    const std::string address = host == "localhost" ? "127.0.0.1" : std::string(host);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    if (::inet_pton(AF_INET, address.c_str(), &sa.sin_addr) != 1) {
        return base::Error{base::ErrorCode::kInvalidArgument,
                           "'" + address + "' is not an IPv4 address"};
    }
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return io_error("socket");
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&sa), sizeof sa) != 0) {
        auto error = io_error("connect to " + address + ":" + std::to_string(port));
        ::close(fd);
        return error;
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return std::make_unique<GatewayClient>(fd, max_frame);
}

GatewayClient::GatewayClient(int fd, std::uint32_t max_frame_bytes)
    : fd_(fd), reader_(max_frame_bytes) {}

GatewayClient::~GatewayClient() { close(); }

void GatewayClient::close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
}

void GatewayClient::shutdown_write() {
    if (fd_ >= 0) ::shutdown(fd_, SHUT_WR);
}

base::Result<HelloOk> GatewayClient::hello(std::string_view gateway_id, std::string_view token,
                                           std::chrono::milliseconds timeout) {
    send(Hello{kProtocolVersion, std::string(gateway_id), std::string(token), 0});
    if (auto sent = flush(); !sent.ok()) return sent.error();
    auto answer = next(timeout);
    if (!answer.ok()) return answer.error();
    if (!answer.value()) {
        return base::Error{base::ErrorCode::kIo,
                           "hello: no answer within " + std::to_string(timeout.count()) + " ms"};
    }
    if (auto* ok = std::get_if<HelloOk>(&*answer.value())) return *ok;
    if (auto* error = std::get_if<ErrorFrame>(&*answer.value())) {
        return base::Error{
            base::ErrorCode::kFailedPrecondition,
            "hello refused (" + std::string(to_string(error->code)) + "): " + error->message};
    }
    return base::Error{base::ErrorCode::kInternal, "hello: unexpected first frame"};
}

void GatewayClient::send(const ClientMessage& message) {
    encoder_.encode(message, out_);
    if (out_.pending_bytes() >= kAutoFlushBytes) (void)flush();
}

void GatewayClient::send_raw(std::string_view bytes) {
    out_.append_raw(std::as_bytes(std::span<const char>(bytes.data(), bytes.size())));
}

base::Status GatewayClient::flush() {
    while (out_.pending_bytes() > 0) {
        if (fd_ < 0) return base::Error{base::ErrorCode::kIo, "send: connection closed"};
        const auto bytes = out_.pending();
        const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR) continue;
            return io_error("send");
        }
        out_.consume(static_cast<std::size_t>(n));
    }
    return base::Ok{};
}

base::Result<std::optional<ServerMessage>> GatewayClient::decode_buffered() {
    auto frame = reader_.next();
    if (!frame.ok()) return frame.error();
    if (!frame.value()) return std::optional<ServerMessage>{};
    auto message = decoder_.decode(*frame.value());
    if (!message.ok()) return message.error();
    received_at_ = last_recv_;
    return std::optional<ServerMessage>(std::move(message).value());
}

// Reads what the socket has without waiting first, and waits in ppoll only when it had nothing
// and there is time left: a caller that keeps the connection busy makes one recv() per read,
// not a ppoll() and a recv().
base::Result<std::optional<ServerMessage>> GatewayClient::next(std::chrono::nanoseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        auto buffered = decode_buffered();
        if (!buffered.ok() || buffered.value()) return buffered;
        if (eof_ || fd_ < 0) {
            return base::Error{base::ErrorCode::kIo, "connection closed by the server"};
        }
        const auto area = reader_.prepare(kReadChunk);
        const ssize_t n = ::recv(fd_, area.data(), area.size(), MSG_DONTWAIT);
        if (n > 0) {
            last_recv_ = std::chrono::steady_clock::now();
            reader_.commit(static_cast<std::size_t>(n));
            continue;
        }
        if (n == 0 || (n < 0 && errno == ECONNRESET)) {
            eof_ = true;
            continue;
        }
        if (errno == EINTR) continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK) return io_error("recv");
        const auto left = std::chrono::duration_cast<std::chrono::nanoseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left <= std::chrono::nanoseconds(0)) return std::optional<ServerMessage>{};
        const timespec ts{static_cast<time_t>(left.count() / 1'000'000'000),
                          static_cast<long>(left.count() % 1'000'000'000)};
        pollfd p{fd_, POLLIN, 0};
        if (::ppoll(&p, 1, &ts, nullptr) < 0 && errno != EINTR) return io_error("poll");
    }
}

}  // namespace switchboard::net
