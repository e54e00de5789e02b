// ServerMessage <-> ServerFrame bytes (proto/switchboard/v1/server.proto).
//
// ServerEncoder is the server's side: it appends HelloOk, Pong, Error, Delivery and Notice
// frames to a connection's FrameWriter, serializing in place. ServerDecoder is a gateway's side
// (C++ gateways, tests, the load generator). Each object belongs to one thread and builds each
// frame's protobuf message on its own arena (frame_arena.hpp), so steady traffic does not
// allocate for it.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string_view>

#include "engine/base/result.hpp"
#include "engine/net/framing.hpp"
#include "engine/net/messages.hpp"

namespace switchboard::v1 {
class ServerFrame;
}

namespace switchboard::net {

template <typename Message>
class FrameArena;

class ServerEncoder {
  public:
    ServerEncoder();
    ~ServerEncoder();
    ServerEncoder(const ServerEncoder&) = delete;
    ServerEncoder& operator=(const ServerEncoder&) = delete;

    void hello_ok(const HelloOk& message, FrameWriter& out);
    void pong(const Pong& message, FrameWriter& out);
    void error(const ErrorFrame& message, FrameWriter& out);
    // One item of (tenant, agent)'s outbox, written by hand (hot_frames.hpp).
    void delivery(std::string_view tenant, std::string_view agent,
                  const runtime::Delivery& delivery, FrameWriter& out);
    // The same bytes from the generated code. For tests and codec_bench.
    void delivery_generated(std::string_view tenant, std::string_view agent,
                            const runtime::Delivery& delivery, FrameWriter& out);
    // notice.gateway is not sent: it only tells the server which connection gets the notice.
    // Written by hand (hot_frames.hpp) but for OUTBOX_OVERFLOW.
    void notice(const runtime::Notice& notice, FrameWriter& out);
    // The same bytes from the generated code, for every notice. For tests.
    void notice_generated(const runtime::Notice& notice, FrameWriter& out);

  private:
    void flush(const v1::ServerFrame& frame, FrameWriter& out);

    std::unique_ptr<FrameArena<v1::ServerFrame>> arena_;
};

class ServerDecoder {
  public:
    ServerDecoder();
    ~ServerDecoder();
    ServerDecoder(const ServerDecoder&) = delete;
    ServerDecoder& operator=(const ServerDecoder&) = delete;

    // `frame` is one frame body without its length prefix. Errors (kInvalidArgument): not a
    // ServerFrame, no body set, an enum value this build does not know.
    // Deliveries and notices go through the wire-level decoder (hot_frames.hpp), everything
    // else through the generated one: same results.
    base::Result<ServerMessage> decode(std::span<const std::byte> frame);
    // The generated decoder alone. For tests.
    base::Result<ServerMessage> decode_generated(std::span<const std::byte> frame);

  private:
    std::unique_ptr<FrameArena<v1::ServerFrame>> arena_;
};

}  // namespace switchboard::net
