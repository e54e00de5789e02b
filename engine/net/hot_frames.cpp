#include "engine/net/hot_frames.hpp"

#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "engine/base/assert.hpp"
#include "engine/net/event_checks.hpp"
#include "engine/net/field_check.hpp"
#include "engine/net/wire_enums.hpp"
#include "engine/net/wire_writer.hpp"

namespace switchboard::net {
namespace {

using wire::kBytes;
using wire::kVarint;
using wire::tag;

// ClientFrame
constexpr std::uint8_t kCorrelation = tag(1, kVarint);
constexpr std::uint8_t kAckBody = tag(4, kBytes);
constexpr std::uint8_t kCustomerMessageBody = tag(10, kBytes);
constexpr std::uint8_t kCloseBody = tag(14, kBytes);
// The body messages' string fields, and Ack.seq.
constexpr std::uint8_t string_field(std::uint8_t field) { return tag(field, kBytes); }
constexpr std::uint8_t kAckSeq = tag(3, kVarint);

// A forward reader over one message's bytes. Every read fails (false) rather than reading past
// the end; the caller then gives the frame to the generated parser.
class WireReader {
  public:
    explicit WireReader(std::string_view bytes) : at_(bytes.data()), end_(at_ + bytes.size()) {}

    bool done() const noexcept { return at_ == end_; }

    bool tag_byte(std::uint8_t& out) noexcept {
        if (at_ == end_) return false;
        out = static_cast<std::uint8_t>(*at_++);
        return (out & 0x80) == 0;  // a longer tag is none of ours
    }

    // At most 10 bytes, the last one 0 or 1: the canonical range of a 64-bit varint.
    bool varint(std::uint64_t& out) noexcept {
        std::uint64_t value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (at_ == end_) return false;
            const auto byte = static_cast<std::uint8_t>(*at_++);
            if (shift == 63 && byte > 1) return false;
            value |= std::uint64_t{byte & 0x7fu} << shift;
            if ((byte & 0x80) == 0) {
                out = value;
                return true;
            }
        }
        return false;
    }

    bool bytes(std::string_view& out) noexcept {
        std::uint64_t size = 0;
        if (!varint(size) || size > static_cast<std::uint64_t>(end_ - at_)) return false;
        out = std::string_view(at_, static_cast<std::size_t>(size));
        at_ += size;
        return true;
    }

    // A string field seen at most once, holding valid UTF-8.
    bool string_once(std::string_view& out, bool& seen) noexcept {
        if (seen || !bytes(out)) return false;
        seen = true;
        return valid_utf8(out);
    }

  private:
    const char* at_;
    const char* end_;
};

// The string fields 1..N of a body message (N <= 6), each at most once, plus what `extra` reads
// for any other tag (false: not ours).
template <std::size_t N, typename Extra>
bool read_strings(std::string_view body, std::array<std::string_view, N>& fields, Extra&& extra) {
    WireReader in(body);
    std::array<bool, N> seen{};
    while (!in.done()) {
        std::uint8_t t = 0;
        if (!in.tag_byte(t)) return false;
        const std::uint8_t field = t >> 3;
        if ((t & 7) == kBytes && field >= 1 && field <= N && t == string_field(field)) {
            if (!in.string_once(fields[field - 1], seen[field - 1])) return false;
        } else if (!extra(t, in)) {
            return false;
        }
    }
    return true;
}

std::optional<ClientMessage> customer_message(std::string_view body, std::uint64_t correlation,
                                              const DecodeLimits& limits) {
    std::array<std::string_view, 4> ids{};  // tenant, conversation, customer, tier
    std::array<std::string_view, model::kMaxSkills> skills;
    std::size_t skill_count = 0;
    std::string_view text;
    bool text_seen = false;
    const bool read = read_strings(body, ids, [&](std::uint8_t t, WireReader& in) {
        if (t == string_field(5)) {
            std::string_view s;
            if (skill_count == skills.size() || !in.bytes(s) || !valid_utf8(s)) return false;
            skills[skill_count++] = s;
            return true;
        }
        if (t == string_field(6)) return in.string_once(text, text_seen);
        return false;
    });
    if (!read) return std::nullopt;
    const std::span<const std::string_view> skill_views(skills.data(), skill_count);
    FieldCheck check("customer_message");
    check_customer_message(check, ids[0], ids[1], ids[2], ids[3], skill_views, text, limits);
    if (!check.ok()) return std::nullopt;
    core::CustomerMessage e{
        std::string(ids[0]), std::string(ids[1]), std::string(ids[2]), std::string(ids[3]), {}};
    e.skills.reserve(skill_count);
    for (const std::string_view s : skill_views) e.skills.emplace_back(s);
    return ClientMessage{
        runtime::Submission{core::Event{std::move(e)}, std::string(text), correlation}};
}

std::optional<ClientMessage> close(std::string_view body, std::uint64_t correlation) {
    std::array<std::string_view, 2> ids{};
    if (!read_strings(body, ids, [](std::uint8_t, WireReader&) { return false; })) {
        return std::nullopt;
    }
    FieldCheck check("close_conversation");
    check_close(check, ids[0], ids[1]);
    if (!check.ok()) return std::nullopt;
    return ClientMessage{runtime::Submission{
        core::Event{core::CloseConversation{std::string(ids[0]), std::string(ids[1])}},
        {},
        correlation}};
}

std::optional<ClientMessage> ack(std::string_view body, std::uint64_t correlation) {
    std::array<std::string_view, 2> ids{};
    std::uint64_t seq = 0;
    bool seq_seen = false;
    const bool read = read_strings(body, ids, [&](std::uint8_t t, WireReader& in) {
        if (t != kAckSeq || seq_seen) return false;
        seq_seen = true;
        return in.varint(seq);
    });
    if (!read) return std::nullopt;
    FieldCheck check("ack");
    check_ack(check, ids[0], ids[1], seq);
    if (!check.ok()) return std::nullopt;
    return ClientMessage{Ack{std::string(ids[0]), std::string(ids[1]), seq, correlation}};
}

bool continuation(unsigned char c) noexcept { return (c & 0xC0) == 0x80; }

// Appends one frame: the frame-level correlation (ClientFrame field 1; 0 = none, and always 0
// for a ServerFrame, which has no such field), then the body message under `body_tag`, whose
// fields `fields(sink)` gives.
template <typename Fields>
void write_frame(FrameWriter& out, std::uint64_t correlation, std::uint8_t body_tag,
                 const Fields& fields) {
    wire::WireSize body;
    fields(body);
    wire::WireSize frame;
    frame.varint(kCorrelation, correlation);
    frame.message(body_tag, body.bytes());
    const std::span<std::byte> area = out.append_frame(frame.bytes());
    wire::WireOut w(area.data());
    w.varint(kCorrelation, correlation);
    w.message(body_tag, body.bytes());
    fields(w);
    SB_ASSERT(w.at() == area.data() + area.size());
}

struct HotEncoder {
    FrameWriter& out;

    bool operator()(const Ack& m) const {
        write_frame(out, m.correlation, kAckBody, [&](auto& s) {
            s.string(string_field(1), m.tenant);
            s.string(string_field(2), m.agent);
            s.varint(kAckSeq, m.seq);
        });
        return true;
    }
    bool operator()(const runtime::Submission& m) const {
        if (const auto* e = std::get_if<core::CustomerMessage>(&m.event)) {
            write_frame(out, m.correlation, kCustomerMessageBody, [&](auto& s) {
                s.string(string_field(1), e->tenant);
                s.string(string_field(2), e->conversation);
                s.string(string_field(3), e->customer);
                s.string(string_field(4), e->tier);
                for (const std::string& skill : e->skills) s.element(string_field(5), skill);
                s.string(string_field(6), m.payload);
            });
            return true;
        }
        if (const auto* e = std::get_if<core::CloseConversation>(&m.event)) {
            write_frame(out, m.correlation, kCloseBody, [&](auto& s) {
                s.string(string_field(1), e->tenant);
                s.string(string_field(2), e->conversation);
            });
            return true;
        }
        return false;
    }
    template <typename Other>
    bool operator()(const Other&) const {
        return false;
    }
};

}  // namespace

bool valid_utf8(std::string_view text) noexcept {
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const unsigned char* const end = p + text.size();
    while (p != end) {
        // Eight ASCII bytes at a time: the common case for ids and much text.
        if (end - p >= 8) {
            std::uint64_t word;
            std::memcpy(&word, p, sizeof word);
            if ((word & 0x8080808080808080ull) == 0) {
                p += 8;
                continue;
            }
        }
        const unsigned char c = *p;
        if (c < 0x80) {
            ++p;
            continue;
        }
        std::size_t length = 0;
        unsigned char low = 0x80;  // the allowed range of the second byte
        unsigned char high = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            length = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            length = 3;
            if (c == 0xE0) low = 0xA0;   // no overlong 3-byte forms
            if (c == 0xED) high = 0x9F;  // no surrogates
        } else if (c >= 0xF0 && c <= 0xF4) {
            length = 4;
            if (c == 0xF0) low = 0x90;   // no overlong 4-byte forms
            if (c == 0xF4) high = 0x8F;  // nothing above U+10FFFF
        } else {
            return false;  // a continuation byte first, an overlong 2-byte form, or 0xF5..0xFF
        }
        if (static_cast<std::size_t>(end - p) < length) return false;
        if (p[1] < low || p[1] > high) return false;
        for (std::size_t k = 2; k < length; ++k) {
            if (!continuation(p[k])) return false;
        }
        p += length;
    }
    return true;
}

std::optional<ServerMessage> decode_hot_server_frame(std::span<const std::byte> frame) {
    WireReader in(std::string_view(reinterpret_cast<const char*>(frame.data()), frame.size()));
    std::uint8_t t = 0;
    std::string_view body;
    if (!in.tag_byte(t) || t != tag(4, kBytes) || !in.bytes(body) || !in.done()) {
        return std::nullopt;  // not a delivery alone
    }
    // Delivery: fields 1, 2, 11 and 12 are strings, 3..10 varints; each at most once.
    WireReader m(body);
    std::array<std::string_view, 13> strings{};
    std::array<std::uint64_t, 13> varints{};
    std::uint32_t seen = 0;
    while (!m.done()) {
        if (!m.tag_byte(t)) return std::nullopt;
        const int field = t >> 3;
        if (field < 1 || field > 12 || (seen >> field & 1) != 0) return std::nullopt;
        seen |= 1u << field;
        const bool is_string = field <= 2 || field >= 11;
        if (t != tag(static_cast<std::uint8_t>(field), is_string ? kBytes : kVarint)) {
            return std::nullopt;
        }
        const auto at = static_cast<std::size_t>(field);
        if (is_string ? !m.bytes(strings[at]) || !valid_utf8(strings[at])
                      : !m.varint(varints[at])) {
            return std::nullopt;
        }
    }
    // The enums (4..6) are int32 on the wire and number (7) a uint32: other values, and kinds
    // this build does not know, are the generated parser's to judge.
    for (const std::size_t e : {4, 5, 6}) {
        if (varints[e] > INT32_MAX) return std::nullopt;
    }
    if (varints[7] > UINT32_MAX) return std::nullopt;
    const auto kind = wire::delivery_kind(static_cast<int>(varints[4]));
    if (!kind) return std::nullopt;
    const auto reason = [&](std::size_t field) {  // reason_byte in server_codec.cpp
        return static_cast<std::uint8_t>(varints[field] > 0 ? varints[field] - 1 : 0);
    };
    runtime::Delivery d;
    d.seq = varints[3];
    d.kind = *kind;
    if (*kind == runtime::DeliveryKind::kAssigned) d.reason = reason(5);
    if (*kind == runtime::DeliveryKind::kUnassigned) d.reason = reason(6);
    d.number = static_cast<std::uint32_t>(varints[7]);
    d.at = base::time_from_ms(static_cast<std::int64_t>(varints[8]));
    d.deadline = base::time_from_ms(static_cast<std::int64_t>(varints[9]));
    d.correlation = varints[10];
    d.conversation = strings[11];
    d.payload = strings[12];
    return ServerMessage{DeliveryFrame{std::string(strings[1]), std::string(strings[2]), d}};
}

bool encode_hot_frame(const ClientMessage& message, FrameWriter& out) {
    return std::visit(HotEncoder{out}, message);
}

void encode_delivery_frame(std::string_view tenant, std::string_view agent,
                           const runtime::Delivery& d, FrameWriter& out) {
    constexpr std::uint8_t kDeliveryBody = tag(4, kBytes);  // ServerFrame.delivery
    // The wire's enum numbers are the engine's plus one (wire_enums.hpp); `reason` is an
    // AssignReason or an UnassignReason depending on the kind.
    const auto kind = static_cast<std::uint64_t>(d.kind) + 1;
    const bool assigned = d.kind == runtime::DeliveryKind::kAssigned;
    const bool unassigned = d.kind == runtime::DeliveryKind::kUnassigned;
    write_frame(out, 0, kDeliveryBody, [&](auto& s) {
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

std::optional<ClientMessage> decode_hot_frame(std::span<const std::byte> frame,
                                              const DecodeLimits& limits) {
    WireReader in(std::string_view(reinterpret_cast<const char*>(frame.data()), frame.size()));
    std::uint64_t correlation = 0;
    bool correlation_seen = false;
    std::uint8_t body_tag = 0;
    std::string_view body;
    while (!in.done()) {
        std::uint8_t t = 0;
        if (!in.tag_byte(t)) return std::nullopt;
        if (t == kCorrelation && !correlation_seen) {
            correlation_seen = true;
            if (!in.varint(correlation)) return std::nullopt;
        } else if ((t == kCustomerMessageBody || t == kCloseBody || t == kAckBody) &&
                   body_tag == 0) {
            body_tag = t;
            if (!in.bytes(body)) return std::nullopt;
        } else {
            return std::nullopt;
        }
    }
    switch (body_tag) {
        case kCustomerMessageBody:
            return customer_message(body, correlation, limits);
        case kCloseBody:
            return close(body, correlation);
        case kAckBody:
            return ack(body, correlation);
        default:
            return std::nullopt;
    }
}

}  // namespace switchboard::net
