#include "engine/net/server_codec.hpp"

#include <cstdint>
#include <string>
#include <utility>

#include "engine/net/frame_arena.hpp"
#include "engine/net/hot_frames.hpp"
#include "engine/net/wire_enums.hpp"

#include "switchboard/v1/server.pb.h"

namespace switchboard::net {

namespace {

using runtime::DeliveryKind;
using runtime::NoticeKind;

void fill(v1::Delivery& m, std::string_view tenant, std::string_view agent,
          const runtime::Delivery& d) {
    m.set_tenant(std::string(tenant));
    m.set_agent(std::string(agent));
    m.set_seq(d.seq);
    m.set_kind(wire::to_wire<v1::DeliveryKind>(d.kind));
    // `reason` means an AssignReason or an UnassignReason depending on the kind.
    if (d.kind == DeliveryKind::kAssigned) {
        m.set_assign_reason(static_cast<v1::AssignReason>(d.reason + 1));
    } else if (d.kind == DeliveryKind::kUnassigned) {
        m.set_unassign_reason(static_cast<v1::UnassignReason>(d.reason + 1));
    }
    m.set_number(d.number);
    m.set_at_ms(base::to_ms(d.at));
    m.set_deadline_ms(base::to_ms(d.deadline));
    m.set_correlation(d.correlation);
    m.set_conversation(d.conversation);
    m.set_payload(d.payload);
}

void fill(v1::Notice& m, const runtime::Notice& n) {
    m.set_kind(wire::to_wire<v1::NoticeKind>(n.kind));
    const int reason = n.reason + 1;
    if (n.kind == NoticeKind::kClosed) m.set_close_reason(static_cast<v1::CloseReason>(reason));
    if (n.kind == NoticeKind::kRejected) {
        m.set_reject_reason(static_cast<v1::RejectReason>(reason));
    }
    if (n.kind == NoticeKind::kOverflowed) {
        m.set_overflow_action(static_cast<v1::OverflowAction>(reason));
    }
    m.set_number(n.number);
    m.set_at_ms(base::to_ms(n.at));
    m.set_estimated_wait_ms(base::to_ms(n.estimated_wait));
    m.set_correlation(n.correlation);
    m.set_tenant(n.tenant);
    m.set_conversation(n.conversation);
    m.set_agent(n.agent);
    m.set_text(n.text);
    m.set_detail(n.detail);
    if (n.kind == NoticeKind::kOutboxOverflow)
        fill(*m.mutable_delivery(), n.tenant, n.agent, n.delivery);
}

base::Error bad(std::string problem) {
    return base::Error{base::ErrorCode::kInvalidArgument, "server frame: " + std::move(problem)};
}

using wire::reason_byte;

base::Result<runtime::Delivery> from_wire(const v1::Delivery& m) {
    const auto kind = wire::delivery_kind(m.kind());
    if (!kind) return bad("delivery.kind: unknown value " + std::to_string(m.kind()));
    runtime::Delivery d;
    d.seq = m.seq();
    d.kind = *kind;
    if (*kind == DeliveryKind::kAssigned) d.reason = reason_byte(m.assign_reason());
    if (*kind == DeliveryKind::kUnassigned) d.reason = reason_byte(m.unassign_reason());
    d.number = m.number();
    d.at = base::time_from_ms(m.at_ms());
    d.deadline = base::time_from_ms(m.deadline_ms());
    d.correlation = m.correlation();
    d.conversation = m.conversation();
    d.payload = m.payload();
    return d;
}

int notice_reason(const v1::Notice& m, NoticeKind kind) {
    if (kind == NoticeKind::kClosed) return m.close_reason();
    if (kind == NoticeKind::kRejected) return m.reject_reason();
    if (kind == NoticeKind::kOverflowed) return m.overflow_action();
    return 0;
}

base::Result<runtime::Notice> from_wire(const v1::Notice& m) {
    const auto kind = wire::notice_kind(m.kind());
    if (!kind) return bad("notice.kind: unknown value " + std::to_string(m.kind()));
    runtime::Notice n;
    n.kind = *kind;
    n.reason = reason_byte(notice_reason(m, *kind));
    n.number = m.number();
    n.at = base::time_from_ms(m.at_ms());
    n.estimated_wait = base::Duration{m.estimated_wait_ms()};
    n.correlation = m.correlation();
    n.tenant = m.tenant();
    n.conversation = m.conversation();
    n.agent = m.agent();
    n.text = m.text();
    n.detail = m.detail();
    if (m.has_delivery()) {
        auto d = from_wire(m.delivery());
        if (!d.ok()) return std::move(d).error();
        n.delivery = std::move(d).value();
    }
    return n;
}

base::Result<ServerMessage> error_from_wire(const v1::Error& m) {
    if (m.code() < 1 || m.code() > v1::ErrorCode_MAX) {
        return bad("error.code: unknown value " + std::to_string(m.code()));
    }
    return ServerMessage{
        ErrorFrame{static_cast<WireError>(m.code()), m.message(), m.correlation(), m.closing()}};
}

template <typename T>
base::Result<ServerMessage> lift(base::Result<T> r) {
    if (!r.ok()) return std::move(r).error();
    return ServerMessage{std::move(r).value()};
}

}  // namespace

ServerEncoder::ServerEncoder() : arena_(std::make_unique<FrameArena<v1::ServerFrame>>()) {}

ServerEncoder::~ServerEncoder() = default;

void ServerEncoder::hello_ok(const HelloOk& message, FrameWriter& out) {
    v1::ServerFrame& f = arena_->fresh();
    v1::HelloOk& m = *f.mutable_hello_ok();
    m.set_protocol_version(message.protocol_version);
    m.set_server_version(message.server_version);
    m.set_config_version(message.config_version);
    flush(f, out);
}

void ServerEncoder::pong(const Pong& message, FrameWriter& out) {
    v1::ServerFrame& f = arena_->fresh();
    f.mutable_pong()->set_correlation(message.correlation);
    flush(f, out);
}

void ServerEncoder::error(const ErrorFrame& message, FrameWriter& out) {
    v1::ServerFrame& f = arena_->fresh();
    v1::Error& m = *f.mutable_error();
    m.set_code(static_cast<v1::ErrorCode>(message.code));
    m.set_message(message.message);
    m.set_correlation(message.correlation);
    m.set_closing(message.closing);
    flush(f, out);
}

void ServerEncoder::delivery(std::string_view tenant, std::string_view agent,
                             const runtime::Delivery& delivery, FrameWriter& out) {
    encode_delivery_frame(tenant, agent, delivery, out);
}

void ServerEncoder::delivery_generated(std::string_view tenant, std::string_view agent,
                                       const runtime::Delivery& delivery, FrameWriter& out) {
    v1::ServerFrame& f = arena_->fresh();
    fill(*f.mutable_delivery(), tenant, agent, delivery);
    flush(f, out);
}

void ServerEncoder::notice(const runtime::Notice& notice, FrameWriter& out) {
    if (!encode_notice_frame(notice, out)) notice_generated(notice, out);
}

void ServerEncoder::notice_generated(const runtime::Notice& notice, FrameWriter& out) {
    v1::ServerFrame& f = arena_->fresh();
    fill(*f.mutable_notice(), notice);
    flush(f, out);
}

void ServerEncoder::flush(const v1::ServerFrame& frame, FrameWriter& out) {
    const std::size_t size = frame.ByteSizeLong();
    arena_->hold(size);
    std::span<std::byte> area = out.append_frame(size);
    frame.SerializeWithCachedSizesToArray(reinterpret_cast<std::uint8_t*>(area.data()));
}

ServerDecoder::ServerDecoder() : arena_(std::make_unique<FrameArena<v1::ServerFrame>>()) {}

ServerDecoder::~ServerDecoder() = default;

base::Result<ServerMessage> ServerDecoder::decode(std::span<const std::byte> bytes) {
    if (std::optional<ServerMessage> hot = decode_hot_server_frame(bytes)) return std::move(*hot);
    return decode_generated(bytes);
}

base::Result<ServerMessage> ServerDecoder::decode_generated(std::span<const std::byte> bytes) {
    v1::ServerFrame& f = arena_->fresh();
    arena_->hold(bytes.size());
    if (bytes.size() > static_cast<std::size_t>(INT32_MAX) ||
        !f.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
        return bad("frame of " + std::to_string(bytes.size()) + " bytes is not a ServerFrame");
    }
    switch (f.body_case()) {
        case v1::ServerFrame::kHelloOk:
            return ServerMessage{HelloOk{f.hello_ok().protocol_version(),
                                         f.hello_ok().server_version(),
                                         f.hello_ok().config_version()}};
        case v1::ServerFrame::kPong:
            return ServerMessage{Pong{f.pong().correlation()}};
        case v1::ServerFrame::kError:
            return error_from_wire(f.error());
        case v1::ServerFrame::kDelivery: {
            auto d = from_wire(f.delivery());
            if (!d.ok()) return std::move(d).error();
            return ServerMessage{
                DeliveryFrame{f.delivery().tenant(), f.delivery().agent(), std::move(d).value()}};
        }
        case v1::ServerFrame::kNotice:
            return lift(from_wire(f.notice()));
        case v1::ServerFrame::BODY_NOT_SET:
            break;
    }
    return bad("no message set in the frame (or one this build does not know)");
}

}  // namespace switchboard::net
