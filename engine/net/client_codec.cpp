#include "engine/net/client_codec.hpp"

#include <cstdint>
#include <string>
#include <utility>

#include "engine/net/client_events.hpp"
#include "engine/net/event_checks.hpp"
#include "engine/net/field_check.hpp"
#include "engine/net/frame_arena.hpp"
#include "engine/net/hot_frames.hpp"

#include "switchboard/v1/client.pb.h"

namespace switchboard::net {

namespace {

ErrorFrame frame_error(WireError code, std::uint64_t correlation, std::string problem) {
    std::string message = "client frame";
    if (correlation != 0) message += " (correlation " + std::to_string(correlation) + ")";
    message += ": ";
    message += problem;
    return ErrorFrame{code, std::move(message), correlation, closes_connection(code)};
}

Decoded invalid(const v1::ClientFrame& f, std::string problem) {
    return frame_error(WireError::kInvalidField, f.correlation(), std::move(problem));
}

Decoded hello(const v1::ClientFrame& f) {
    const v1::Hello& m = f.hello();
    FieldCheck check("hello");
    check.range("protocol_version", m.protocol_version(), 1, UINT32_MAX);
    check.id("gateway_id", m.gateway_id());
    check.require(!m.token().empty(), "token", "must not be empty");
    check.text("token", m.token(), kMaxTokenBytes);
    if (!check.ok()) return invalid(f, check.problem());
    return ClientMessage{Hello{m.protocol_version(), m.gateway_id(), m.token(), f.correlation()}};
}

Decoded ack(const v1::ClientFrame& f) {
    const v1::Ack& m = f.ack();
    FieldCheck check("ack");
    check_ack(check, m.tenant(), m.agent(), m.seq());
    if (!check.ok()) return invalid(f, check.problem());
    return ClientMessage{Ack{m.tenant(), m.agent(), m.seq(), f.correlation()}};
}

Decoded resend(const v1::ClientFrame& f) {
    const v1::Resend& m = f.resend();
    FieldCheck check("resend");
    check.id("tenant", m.tenant()).id("agent", m.agent());
    if (!check.ok()) return invalid(f, check.problem());
    return ClientMessage{Resend{m.tenant(), m.agent(), f.correlation()}};
}

Decoded event(const v1::ClientFrame& f, const DecodeLimits& limits) {
    auto submission = decode_event(f, limits);
    if (!submission.ok()) return invalid(f, submission.error().message);
    return ClientMessage{std::move(submission).value()};
}

// The control messages; an event otherwise.
struct ToFrame {
    v1::ClientFrame& f;

    void operator()(const Hello& m) const {
        f.set_correlation(m.correlation);
        v1::Hello& h = *f.mutable_hello();
        h.set_protocol_version(m.protocol_version);
        h.set_gateway_id(m.gateway_id);
        h.set_token(m.token);
    }
    void operator()(const Ping& m) const {
        f.set_correlation(m.correlation);
        f.mutable_ping();
    }
    void operator()(const Ack& m) const {
        f.set_correlation(m.correlation);
        v1::Ack& a = *f.mutable_ack();
        a.set_tenant(m.tenant);
        a.set_agent(m.agent);
        a.set_seq(m.seq);
    }
    void operator()(const Resend& m) const {
        f.set_correlation(m.correlation);
        v1::Resend& r = *f.mutable_resend();
        r.set_tenant(m.tenant);
        r.set_agent(m.agent);
    }
    void operator()(const runtime::Submission& m) const {
        f.set_correlation(m.correlation);
        encode_event(m.event, m.payload, f);
    }
};

}  // namespace

std::uint64_t reply_text_hash(std::string_view text) noexcept {
    std::uint64_t hash = 0xcbf29ce484222325ull;  // FNV-1a 64 offset basis
    for (const char c : text) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 0x100000001b3ull;  // FNV-1a 64 prime
    }
    return hash;
}

ClientDecoder::ClientDecoder(DecodeLimits limits)
    : limits_(limits), arena_(std::make_unique<FrameArena<v1::ClientFrame>>()) {}

ClientDecoder::~ClientDecoder() = default;

Decoded ClientDecoder::decode(std::span<const std::byte> bytes) {
    if (std::optional<ClientMessage> hot = decode_hot_frame(bytes, limits_)) return std::move(*hot);
    return decode_generated(bytes);
}

Decoded ClientDecoder::decode_generated(std::span<const std::byte> bytes) {
    v1::ClientFrame& f = arena_->fresh();
    arena_->hold(bytes.size());
    if (bytes.size() > static_cast<std::size_t>(INT32_MAX) ||
        !f.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
        return frame_error(WireError::kMalformedFrame, 0,
                           "frame of " + std::to_string(bytes.size()) +
                               " bytes is not a valid ClientFrame (protobuf parse failed)");
    }
    switch (f.body_case()) {
        case v1::ClientFrame::kHello:
            return hello(f);
        case v1::ClientFrame::kPing:
            return ClientMessage{Ping{f.correlation()}};
        case v1::ClientFrame::kAck:
            return ack(f);
        case v1::ClientFrame::kResend:
            return resend(f);
        case v1::ClientFrame::BODY_NOT_SET:
            return frame_error(WireError::kUnknownMessage, f.correlation(),
                               "no message set in the frame (or one this server does not know: "
                               "it speaks protocol version " +
                                   std::to_string(kProtocolVersion) + ")");
        default:
            return event(f, limits_);
    }
}

ClientEncoder::ClientEncoder() : arena_(std::make_unique<FrameArena<v1::ClientFrame>>()) {}

ClientEncoder::~ClientEncoder() = default;

void ClientEncoder::encode(const ClientMessage& message, FrameWriter& out) {
    if (!encode_hot_frame(message, out)) encode_generated(message, out);
}

void ClientEncoder::encode_generated(const ClientMessage& message, FrameWriter& out) {
    v1::ClientFrame& f = arena_->fresh();
    std::visit(ToFrame{f}, message);
    const std::size_t size = f.ByteSizeLong();
    arena_->hold(size);
    std::span<std::byte> area = out.append_frame(size);
    f.SerializeWithCachedSizesToArray(reinterpret_cast<std::uint8_t*>(area.data()));
}

}  // namespace switchboard::net
