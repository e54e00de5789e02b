// ClientFrame bytes <-> ClientMessage (proto/switchboard/v1/client.proto).
//
// ClientDecoder is the server's side: it parses one frame body (from FrameReader) and validates
// every field, so that what reaches the engine is well-formed; whether ids exist is the core's
// business. ClientEncoder is a gateway's side, for gateways written in C++, tests and the load
// generator. Each object belongs to one thread and builds each frame's protobuf message on its
// own arena (frame_arena.hpp), so steady traffic does not allocate for the message.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <variant>

#include "engine/net/framing.hpp"
#include "engine/net/messages.hpp"

namespace switchboard::v1 {
class ClientFrame;
}

namespace switchboard::net {

template <typename Message>
class FrameArena;

// The hash Switchboard gives AgentReply.text (FNV-1a, 64 bit) for the canned-reply guard.
std::uint64_t reply_text_hash(std::string_view text) noexcept;

// A decoded client frame, or the Error frame that answers it (shaped like base::Result; the
// error carries the wire code and the frame's correlation, which base::Error cannot).
class Decoded {
  public:
    Decoded(ClientMessage message) : state_(std::move(message)) {}  // NOLINT: implicit
    Decoded(ErrorFrame error) : state_(std::move(error)) {}         // NOLINT: implicit

    bool ok() const noexcept { return state_.index() == 0; }
    // Precondition: ok().
    ClientMessage& value() & {
        SB_ASSERT(ok());
        return std::get<0>(state_);
    }
    // Precondition: !ok().
    const ErrorFrame& error() const& {
        SB_ASSERT(!ok());
        return std::get<1>(state_);
    }

  private:
    std::variant<ClientMessage, ErrorFrame> state_;
};

class ClientDecoder {
  public:
    explicit ClientDecoder(DecodeLimits limits = {});
    ~ClientDecoder();
    ClientDecoder(const ClientDecoder&) = delete;
    ClientDecoder& operator=(const ClientDecoder&) = delete;

    // `frame` is one frame body without its length prefix. Errors: kMalformedFrame (not a
    // ClientFrame; closing), kUnknownMessage (no body set), kInvalidField (names the field).
    // Postcondition: a Submission's event is never a core::Tick.
    // The hot frames (customer_message, close_conversation, ack) go through the wire-level
    // decoder (hot_frames.hpp) and everything else through the generated one: same results.
    Decoded decode(std::span<const std::byte> frame);
    // The generated decoder alone, for every frame. For tests and codec_bench.
    Decoded decode_generated(std::span<const std::byte> frame);

  private:
    DecodeLimits limits_;
    std::unique_ptr<FrameArena<v1::ClientFrame>> arena_;
};

class ClientEncoder {
  public:
    ClientEncoder();
    ~ClientEncoder();
    ClientEncoder(const ClientEncoder&) = delete;
    ClientEncoder& operator=(const ClientEncoder&) = delete;

    // Appends `message` as one frame. An AgentReply goes out with its text_hash; a
    // CustomerMessage carries the Submission's payload as its text.
    // Precondition: a Submission's event is not a core::Tick (the engine makes those).
    // The hot messages are written by hand (hot_frames.hpp), the rest by the generated code:
    // the same bytes either way.
    void encode(const ClientMessage& message, FrameWriter& out);
    // The generated code alone, for every message. For tests.
    void encode_generated(const ClientMessage& message, FrameWriter& out);

  private:
    std::unique_ptr<FrameArena<v1::ClientFrame>> arena_;
};

}  // namespace switchboard::net
