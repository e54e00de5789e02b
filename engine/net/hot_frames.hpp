// The wire-level fast paths of the codec, for the frames that make up nearly all of a busy
// connection's traffic: client frames carrying customer_message, close_conversation or ack, and
// server frames carrying a delivery or a notice. They read and write the protobuf wire format
// straight from and into the engine's types, with no generated message in between (on the I/O
// thread the generated parse, its arena and the copies out of it were about half of the cost of a
// routed event). The generated code stays the reference and handles every other frame.
//
// Encoding (wire_writer.hpp) writes the bytes the generated serializer writes; decoding:
// it takes a frame only in the plain shape every protobuf encoder writes: each field once (skills
// repeated), one-byte tags, no unknown fields, every string valid UTF-8, every field passing the
// codec's checks (event_checks.hpp). Anything else, including every malformed or invalid frame,
// is left to the generated parser (nullopt), which then decides, with its error messages. So a
// frame taken here decodes exactly as the generated parser would decode it;
// tests/net/hot_client_frames_test.cpp and hot_server_frames_test.cpp compare both directions
// with the generated code, decoding also on mutated and random bytes.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

#include "engine/net/framing.hpp"
#include "engine/net/messages.hpp"
#include "engine/runtime/output.hpp"

namespace switchboard::net {

// `frame` is one ClientFrame body without its length prefix.
std::optional<ClientMessage> decode_hot_frame(std::span<const std::byte> frame,
                                              const DecodeLimits& limits);

// `frame` is one ServerFrame body. Takes a delivery or a notice (not one that nests a delivery:
// an OUTBOX_OVERFLOW notice from our encoder always does) in the plain shape (as above: each field
// once, a known kind, enum and number values in range), nullopt otherwise.
std::optional<ServerMessage> decode_hot_server_frame(std::span<const std::byte> frame);

// Appends `message` as one ClientFrame when it is a hot one; false (nothing appended) otherwise.
bool encode_hot_frame(const ClientMessage& message, FrameWriter& out);

// Appends a ServerFrame carrying `delivery`, an item of (tenant, agent)'s outbox.
void encode_delivery_frame(std::string_view tenant, std::string_view agent,
                           const runtime::Delivery& delivery, FrameWriter& out);

// Appends a ServerFrame carrying `notice`; false (nothing appended) for an OUTBOX_OVERFLOW
// notice, whose nested delivery the generated code writes.
bool encode_notice_frame(const runtime::Notice& notice, FrameWriter& out);

}  // namespace switchboard::net
