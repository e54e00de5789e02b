#include <array>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>

#include "engine/net/hot_frames.hpp"
#include "engine/net/wire_enums.hpp"
#include "engine/net/wire_reader.hpp"
#include "engine/net/wire_writer.hpp"

// The server frames: encode_delivery_frame and encode_notice_frame (server side),
// decode_hot_server_frame (gateway side).
namespace switchboard::net {
namespace {

using wire::kBytes;
using wire::kVarint;
using wire::tag;
using wire::write_server_frame;

// ServerFrame
constexpr std::uint8_t kDeliveryBody = tag(4, kBytes);
constexpr std::uint8_t kNoticeBody = tag(5, kBytes);

using wire::fields_mask;
using wire::FlatMessage;
using wire::reason_byte;

std::optional<ServerMessage> delivery(std::string_view body) {
    FlatMessage<12> m;  // tenant 1, agent 2, conversation 11, payload 12; the rest varints
    int kind_value = 0;
    int assign_reason = 0;
    int unassign_reason = 0;
    runtime::Delivery d;
    if (!m.read(body, fields_mask({1, 2, 11, 12})) || !m.int32_field(4, kind_value) ||
        !m.int32_field(5, assign_reason) || !m.int32_field(6, unassign_reason) ||
        !m.uint32_field(7, d.number)) {
        return std::nullopt;
    }
    const auto kind = wire::delivery_kind(kind_value);
    if (!kind) return std::nullopt;  // the generated parser's error message
    d.seq = m.varints[3];
    d.kind = *kind;
    if (*kind == runtime::DeliveryKind::kAssigned) d.reason = reason_byte(assign_reason);
    if (*kind == runtime::DeliveryKind::kUnassigned) d.reason = reason_byte(unassign_reason);
    d.at = base::time_from_ms(m.int64_field(8));
    d.deadline = base::time_from_ms(m.int64_field(9));
    d.correlation = m.varints[10];
    d.conversation = m.strings[11];
    d.payload = m.strings[12];
    return ServerMessage{
        DeliveryFrame{std::string(m.strings[1]), std::string(m.strings[2]), std::move(d)}};
}

// A notice without its OUTBOX_OVERFLOW delivery (field 14: left to the generated parser).
std::optional<ServerMessage> notice(std::string_view body) {
    FlatMessage<13> m;  // tenant 9, conversation 10, agent 11, text 12, detail 13
    int kind_value = 0;
    std::array<int, 5> reasons{};  // close_reason 2, reject_reason 3, overflow_action 4
    runtime::Notice n;
    if (!m.read(body, fields_mask({9, 10, 11, 12, 13})) || !m.int32_field(1, kind_value) ||
        !m.int32_field(2, reasons[2]) || !m.int32_field(3, reasons[3]) ||
        !m.int32_field(4, reasons[4]) || !m.uint32_field(5, n.number)) {
        return std::nullopt;
    }
    const auto kind = wire::notice_kind(kind_value);
    if (!kind) return std::nullopt;
    n.kind = *kind;
    if (*kind == runtime::NoticeKind::kClosed) n.reason = reason_byte(reasons[2]);
    if (*kind == runtime::NoticeKind::kRejected) n.reason = reason_byte(reasons[3]);
    if (*kind == runtime::NoticeKind::kOverflowed) n.reason = reason_byte(reasons[4]);
    n.at = base::time_from_ms(m.int64_field(6));
    n.estimated_wait = base::Duration{m.int64_field(7)};
    n.correlation = m.varints[8];
    n.tenant = m.strings[9];
    n.conversation = m.strings[10];
    n.agent = m.strings[11];
    n.text = m.strings[12];
    n.detail = m.strings[13];
    return ServerMessage{std::move(n)};
}

}  // namespace

std::optional<ServerMessage> decode_hot_server_frame(std::span<const std::byte> frame) {
    wire::WireReader in(
        std::string_view(reinterpret_cast<const char*>(frame.data()), frame.size()));
    std::uint8_t t = 0;
    std::string_view body;
    if (!in.tag_byte(t) || !in.bytes(body) || !in.done()) return std::nullopt;
    if (t == kDeliveryBody) return delivery(body);
    if (t == kNoticeBody) return notice(body);
    return std::nullopt;
}

void encode_delivery_frame(std::string_view tenant, std::string_view agent,
                           const runtime::Delivery& d, FrameWriter& out) {
    // The wire's enum numbers are the engine's plus one (wire_enums.hpp); `reason` is an
    // AssignReason or an UnassignReason depending on the kind.
    const auto kind = wire::to_wire<std::uint64_t>(d.kind);
    const bool assigned = d.kind == runtime::DeliveryKind::kAssigned;
    const bool unassigned = d.kind == runtime::DeliveryKind::kUnassigned;
    write_server_frame(out, kDeliveryBody, [&](auto& s) {
        s.string(tag(1, kBytes), tenant);
        s.string(tag(2, kBytes), agent);
        s.varint(tag(3, kVarint), d.seq);
        s.varint(tag(4, kVarint), kind);
        s.varint(tag(5, kVarint), assigned ? d.reason + 1u : 0u);
        s.varint(tag(6, kVarint), unassigned ? d.reason + 1u : 0u);
        s.varint(tag(7, kVarint), d.number);
        // int64 fields: negative values as their two's complement, ten bytes.
        s.varint(tag(8, kVarint), static_cast<std::uint64_t>(base::to_ms(d.at)));
        s.varint(tag(9, kVarint), static_cast<std::uint64_t>(base::to_ms(d.deadline)));
        s.varint(tag(10, kVarint), d.correlation);
        s.string(tag(11, kBytes), d.conversation);
        s.string(tag(12, kBytes), d.payload);
    });
}

bool encode_notice_frame(const runtime::Notice& n, FrameWriter& out) {
    if (n.kind == runtime::NoticeKind::kOutboxOverflow) return false;  // carries a delivery
    const auto reason_for = [&](runtime::NoticeKind kind) {
        return n.kind == kind ? n.reason + 1u : 0u;
    };
    write_server_frame(out, kNoticeBody, [&](auto& s) {
        s.varint(tag(1, kVarint), wire::to_wire<std::uint64_t>(n.kind));
        s.varint(tag(2, kVarint), reason_for(runtime::NoticeKind::kClosed));
        s.varint(tag(3, kVarint), reason_for(runtime::NoticeKind::kRejected));
        s.varint(tag(4, kVarint), reason_for(runtime::NoticeKind::kOverflowed));
        s.varint(tag(5, kVarint), n.number);
        s.varint(tag(6, kVarint), static_cast<std::uint64_t>(base::to_ms(n.at)));
        s.varint(tag(7, kVarint), static_cast<std::uint64_t>(base::to_ms(n.estimated_wait)));
        s.varint(tag(8, kVarint), n.correlation);
        s.string(tag(9, kBytes), n.tenant);
        s.string(tag(10, kBytes), n.conversation);
        s.string(tag(11, kBytes), n.agent);
        s.string(tag(12, kBytes), n.text);
        s.string(tag(13, kBytes), n.detail);
    });
    return true;
}

}  // namespace switchboard::net
