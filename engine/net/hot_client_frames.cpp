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

std::optional<ClientMessage> customer_message(std::string_view body, std::uint64_t correlation,
                                              const DecodeLimits& limits) {
    // tenant 1, conversation 2, customer 3, tier 4, skills 5 (repeated), text 6
    std::array<std::string_view, model::kMaxSkills> skills;
    wire::FlatMessage<6> m;
    m.repeated_field = 5;
    m.repeated = skills;
    if (!m.read(body, wire::fields_mask({1, 2, 3, 4, 5, 6}))) return std::nullopt;
    const std::span<const std::string_view> skill_views(skills.data(), m.repeated_count);
    const auto& f = m.strings;
    FieldCheck check("customer_message");
    check_customer_message(check, f[1], f[2], f[3], f[4], skill_views, f[6], limits);
    if (!check.ok()) return std::nullopt;
    core::CustomerMessage e{
        std::string(f[1]), std::string(f[2]), std::string(f[3]), std::string(f[4]), {}};
    e.skills.reserve(skill_views.size());
    for (const std::string_view s : skill_views) e.skills.emplace_back(s);
    return ClientMessage{
        runtime::Submission{core::Event{std::move(e)}, std::string(f[6]), correlation}};
}

std::optional<ClientMessage> close(std::string_view body, std::uint64_t correlation) {
    wire::FlatMessage<2> m;  // tenant 1, conversation 2
    if (!m.read(body, wire::fields_mask({1, 2}))) return std::nullopt;
    FieldCheck check("close_conversation");
    check_close(check, m.strings[1], m.strings[2]);
    if (!check.ok()) return std::nullopt;
    return ClientMessage{runtime::Submission{
        core::Event{core::CloseConversation{std::string(m.strings[1]), std::string(m.strings[2])}},
        {},
        correlation}};
}

std::optional<ClientMessage> ack(std::string_view body, std::uint64_t correlation) {
    wire::FlatMessage<3> m;  // tenant 1, agent 2, seq 3
    if (!m.read(body, wire::fields_mask({1, 2}))) return std::nullopt;
    const std::uint64_t seq = m.varints[3];
    FieldCheck check("ack");
    check_ack(check, m.strings[1], m.strings[2], seq);
    if (!check.ok()) return std::nullopt;
    return ClientMessage{
        Ack{std::string(m.strings[1]), std::string(m.strings[2]), seq, correlation}};
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
