#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "engine/net/event_checks.hpp"
#include "engine/net/field_check.hpp"
#include "engine/net/hot_frames.hpp"
#include "engine/net/wire_reader.hpp"
#include "engine/net/wire_writer.hpp"

// The client frames: decode_hot_frame (server side) and encode_hot_frame (gateway side).
namespace switchboard::net {
namespace {

using wire::kBytes;
using wire::kVarint;
using wire::tag;
using wire::WireReader;
using wire::write_client_frame;

// ClientFrame
constexpr std::uint8_t kCorrelation = wire::kClientCorrelation;
constexpr std::uint8_t kAckBody = tag(4, kBytes);
constexpr std::uint8_t kCustomerMessageBody = tag(10, kBytes);
constexpr std::uint8_t kCloseBody = tag(14, kBytes);
// The body messages' string fields, and Ack.seq.
constexpr std::uint8_t string_field(std::uint8_t field) { return tag(field, kBytes); }
constexpr std::uint8_t kAckSeq = tag(3, kVarint);

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

struct HotEncoder {
    FrameWriter& out;

    bool operator()(const Ack& m) const {
        write_client_frame(out, m.correlation, kAckBody, [&](auto& s) {
            s.string(string_field(1), m.tenant);
            s.string(string_field(2), m.agent);
            s.varint(kAckSeq, m.seq);
        });
        return true;
    }
    bool operator()(const runtime::Submission& m) const {
        if (const auto* e = std::get_if<core::CustomerMessage>(&m.event)) {
            write_client_frame(out, m.correlation, kCustomerMessageBody, [&](auto& s) {
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
            write_client_frame(out, m.correlation, kCloseBody, [&](auto& s) {
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

bool encode_hot_frame(const ClientMessage& message, FrameWriter& out) {
    return std::visit(HotEncoder{out}, message);
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
