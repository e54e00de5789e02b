// A blocking gateway-side client of the protocol (proto/README.md), for C++ gateways, the
// end-to-end tests, the demo traffic and the load generator. One thread per client.
//
//     auto client = GatewayClient::connect("127.0.0.1", port).value();   // unique_ptr
//     client->hello("webchat", token);                  // waits for HelloOk or the Error
//     client.send(submission);                         // buffered ...
//     client.flush();                                  // ... one write() for all of them
//     auto frame = client.next(std::chrono::seconds(1)); // a ServerMessage, or nullopt on time-out
//
// Outgoing frames are buffered until flush() (or until the buffer passes 64 KiB), so a client
// sending many events makes few system calls, as the protocol asks of gateways.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "engine/base/result.hpp"
#include "engine/net/client_codec.hpp"
#include "engine/net/framing.hpp"
#include "engine/net/messages.hpp"
#include "engine/net/server_codec.hpp"

namespace switchboard::net {

class GatewayClient {
  public:
    // Connects to an IPv4 address ("localhost" allowed). `max_frame_bytes` bounds what it reads.
    static base::Result<std::unique_ptr<GatewayClient>> connect(
        std::string_view host, std::uint16_t port, std::uint32_t max_frame_bytes = 1 << 20);
    GatewayClient(int fd, std::uint32_t max_frame_bytes);  // takes the connected socket
    GatewayClient(const GatewayClient&) = delete;
    GatewayClient& operator=(const GatewayClient&) = delete;
    ~GatewayClient();

    // Sends Hello and waits for the answer. Errors: the server's Error frame (message and code
    // name), a closed connection, or no answer within `timeout`.
    base::Result<HelloOk> hello(std::string_view gateway_id, std::string_view token,
                                std::chrono::milliseconds timeout = std::chrono::seconds(5));

    void send(const ClientMessage& message);
    // Bytes that are not a frame of ours (tests of bad input).
    void send_raw(std::string_view bytes);
    // Writes every buffered frame. Errors: the connection failed.
    base::Status flush();

    // The next frame from the server: nullopt when none arrived within `timeout`. Errors: the
    // connection closed (kIo, "closed by the server") or sent something undecodable.
    // (Microsecond resolution: the wait is a ppoll.)
    base::Result<std::optional<ServerMessage>> next(std::chrono::nanoseconds timeout);
    // As next(), without waiting: only frames already received.
    base::Result<std::optional<ServerMessage>> poll() { return next(std::chrono::nanoseconds(0)); }
    // When the frame next() or poll() returned last had fully arrived, as far as this client
    // saw: the end of the recv() that completed it (frames are decoded before any further
    // recv(), so that is the latest recv() before it was handed out). Frames one recv()
    // brought share its time; bytes that waited in the socket while the caller was busy get the
    // time they were read. Zero before the first frame.
    std::chrono::steady_clock::time_point received_at() const noexcept { return received_at_; }

    // Half-closes the write side (the server sees end of stream) or closes entirely.
    void shutdown_write();
    void close();
    int native_handle() const noexcept { return fd_; }

  private:
    base::Result<std::optional<ServerMessage>> decode_buffered();

    int fd_ = -1;
    FrameReader reader_;
    FrameWriter out_;
    ClientEncoder encoder_;
    ServerDecoder decoder_;
    bool eof_ = false;
    std::chrono::steady_clock::time_point last_recv_{};    // end of the last recv() with bytes
    std::chrono::steady_clock::time_point received_at_{};  // of the frame handed out last
};

}  // namespace switchboard::net
