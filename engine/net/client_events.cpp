#include "engine/net/client_events.hpp"

#include <string>
#include <utility>

#include "engine/net/client_codec.hpp"
#include "engine/net/event_checks.hpp"
#include "engine/net/field_check.hpp"
#include "engine/net/wire_enums.hpp"

namespace switchboard::net {

namespace {

using Strings = google::protobuf::RepeatedPtrField<std::string>;

std::vector<std::string> to_vector(const Strings& ids) { return {ids.begin(), ids.end()}; }

using EventResult = base::Result<core::Event>;

EventResult invalid(const FieldCheck& check) {
    return base::Error{base::ErrorCode::kInvalidArgument, check.problem()};
}

EventResult login(const v1::AgentLogin& m) {
    FieldCheck check("agent_login");
    check.id("tenant", m.tenant()).id("agent", m.agent());
    check.count("skills", static_cast<std::size_t>(m.skills_size()), model::kMaxSkills);
    for (int i = 0; i < m.skills_size() && check.ok(); ++i) {
        const auto at = static_cast<std::size_t>(i);
        check.id_at("skills", at, "skill", m.skills(i).skill());
        check.range_at("skills", at, "level", m.skills(i).level(), model::kMinProficiency,
                       model::kMaxProficiency);
    }
    check_ids(check, "groups", m.groups(), model::kMaxGroups);
    if (!check.ok()) return invalid(check);
    core::AgentLogin e{m.tenant(), m.agent(), {}, to_vector(m.groups()), std::nullopt};
    e.skills.reserve(static_cast<std::size_t>(m.skills_size()));
    for (const v1::SkillGrant& s : m.skills()) {
        e.skills.push_back({s.skill(), static_cast<model::Proficiency>(s.level())});
    }
    if (m.has_capacity()) e.capacity = m.capacity();
    return core::Event{std::move(e)};
}

EventResult logout(const v1::AgentLogout& m) {
    FieldCheck check("agent_logout");
    check.id("tenant", m.tenant()).id("agent", m.agent());
    if (!check.ok()) return invalid(check);
    return core::Event{core::AgentLogout{m.tenant(), m.agent()}};
}

EventResult status(const v1::AgentStatus& m) {
    FieldCheck check("agent_status");
    check.id("tenant", m.tenant()).id("agent", m.agent());
    const auto presence = wire::presence(m.presence());
    check.require(
        presence.has_value(), "presence",
        "must be PRESENCE_AVAILABLE (1) or PRESENCE_AWAY (2), got " + std::to_string(m.presence()));
    if (!check.ok()) return invalid(check);
    return core::Event{core::AgentStatusChange{m.tenant(), m.agent(), *presence}};
}

EventResult capacity(const v1::AgentCapacity& m) {
    FieldCheck check("agent_capacity");
    check.id("tenant", m.tenant()).id("agent", m.agent());
    if (!check.ok()) return invalid(check);
    return core::Event{core::AgentCapacityChange{m.tenant(), m.agent(), m.capacity()}};
}

EventResult message(const v1::CustomerMessage& m, const DecodeLimits& limits) {
    FieldCheck check("customer_message");
    check_customer_message(check, m.tenant(), m.conversation(), m.customer(), m.tier(), m.skills(),
                           m.text(), limits);
    if (!check.ok()) return invalid(check);
    return core::Event{core::CustomerMessage{m.tenant(), m.conversation(), m.customer(), m.tier(),
                                             to_vector(m.skills())}};
}

EventResult reply(const v1::AgentReply& m, const DecodeLimits& limits) {
    FieldCheck check("agent_reply");
    check.id("tenant", m.tenant()).id("agent", m.agent()).id("conversation", m.conversation());
    check.require(m.body_case() != v1::AgentReply::BODY_NOT_SET, "body",
                  "expected text or text_hash, got neither");
    check.text("text", m.text(), limits.max_payload_bytes);
    if (!check.ok()) return invalid(check);
    const std::uint64_t hash = m.has_text_hash() ? m.text_hash() : reply_text_hash(m.text());
    return core::Event{
        core::AgentReply{m.tenant(), m.agent(), m.conversation(), m.quick_phrase(), hash}};
}

EventResult accept(const v1::AcceptOffer& m) {
    FieldCheck check("accept_offer");
    check.id("tenant", m.tenant()).id("agent", m.agent()).id("conversation", m.conversation());
    if (!check.ok()) return invalid(check);
    return core::Event{core::AcceptOffer{m.tenant(), m.agent(), m.conversation()}};
}

// Whether exactly one target is set is the core's rule (RejectReason kInvalidTransfer).
EventResult transfer(const v1::Transfer& m) {
    FieldCheck check("transfer");
    check.id("tenant", m.tenant()).id("conversation", m.conversation());
    check.optional_id("agent", m.agent()).optional_id("to_agent", m.to_agent());
    check_ids(check, "to_skills", m.to_skills(), model::kMaxSkills);
    if (!check.ok()) return invalid(check);
    return core::Event{core::Transfer{m.tenant(), m.conversation(), m.agent(),
                                      to_vector(m.to_skills()), m.to_agent()}};
}

EventResult close(const v1::CloseConversation& m) {
    FieldCheck check("close_conversation");
    check_close(check, m.tenant(), m.conversation());
    if (!check.ok()) return invalid(check);
    return core::Event{core::CloseConversation{m.tenant(), m.conversation()}};
}

EventResult to_event(const v1::ClientFrame& f, const DecodeLimits& limits) {
    switch (f.body_case()) {
        case v1::ClientFrame::kAgentLogin:
            return login(f.agent_login());
        case v1::ClientFrame::kAgentLogout:
            return logout(f.agent_logout());
        case v1::ClientFrame::kAgentStatus:
            return status(f.agent_status());
        case v1::ClientFrame::kAgentCapacity:
            return capacity(f.agent_capacity());
        case v1::ClientFrame::kCustomerMessage:
            return message(f.customer_message(), limits);
        case v1::ClientFrame::kAgentReply:
            return reply(f.agent_reply(), limits);
        case v1::ClientFrame::kAcceptOffer:
            return accept(f.accept_offer());
        case v1::ClientFrame::kTransfer:
            return transfer(f.transfer());
        case v1::ClientFrame::kCloseConversation:
            return close(f.close_conversation());
        default:
            break;
    }
    base::assert_fail("frame carries an event body", __FILE__, __LINE__);
}

// core::Event -> the frame's event body. Texts do not travel in events: an AgentReply goes out
// with its hash, a CustomerMessage with the Submission's payload.
struct ToWire {
    v1::ClientFrame& f;
    std::string_view payload;

    static void copy(const std::vector<std::string>& from, Strings& to) {
        to.Reserve(static_cast<int>(from.size()));
        for (const std::string& s : from) to.Add()->assign(s);
    }

    void operator()(const core::AgentLogin& e) const {
        v1::AgentLogin& m = *f.mutable_agent_login();
        m.set_tenant(e.tenant);
        m.set_agent(e.agent);
        for (const core::SkillGrant& s : e.skills) {
            v1::SkillGrant& g = *m.add_skills();
            g.set_skill(s.skill);
            g.set_level(s.level);
        }
        copy(e.groups, *m.mutable_groups());
        if (e.capacity) m.set_capacity(*e.capacity);
    }
    void operator()(const core::AgentLogout& e) const {
        v1::AgentLogout& m = *f.mutable_agent_logout();
        m.set_tenant(e.tenant);
        m.set_agent(e.agent);
    }
    void operator()(const core::AgentStatusChange& e) const {
        v1::AgentStatus& m = *f.mutable_agent_status();
        m.set_tenant(e.tenant);
        m.set_agent(e.agent);
        m.set_presence(wire::to_wire<v1::Presence>(e.presence));
    }
    void operator()(const core::AgentCapacityChange& e) const {
        v1::AgentCapacity& m = *f.mutable_agent_capacity();
        m.set_tenant(e.tenant);
        m.set_agent(e.agent);
        m.set_capacity(e.capacity);
    }
    void operator()(const core::CustomerMessage& e) const {
        v1::CustomerMessage& m = *f.mutable_customer_message();
        m.set_tenant(e.tenant);
        m.set_conversation(e.conversation);
        m.set_customer(e.customer);
        m.set_tier(e.tier);
        copy(e.skills, *m.mutable_skills());
        m.set_text(std::string(payload));
    }
    void operator()(const core::AgentReply& e) const {
        v1::AgentReply& m = *f.mutable_agent_reply();
        m.set_tenant(e.tenant);
        m.set_agent(e.agent);
        m.set_conversation(e.conversation);
        m.set_quick_phrase(e.quick_phrase);
        m.set_text_hash(e.text_hash);
    }
    void operator()(const core::AcceptOffer& e) const {
        v1::AcceptOffer& m = *f.mutable_accept_offer();
        m.set_tenant(e.tenant);
        m.set_agent(e.agent);
        m.set_conversation(e.conversation);
    }
    void operator()(const core::Transfer& e) const {
        v1::Transfer& m = *f.mutable_transfer();
        m.set_tenant(e.tenant);
        m.set_conversation(e.conversation);
        m.set_agent(e.agent);
        copy(e.to_skills, *m.mutable_to_skills());
        m.set_to_agent(e.to_agent);
    }
    void operator()(const core::CloseConversation& e) const {
        v1::CloseConversation& m = *f.mutable_close_conversation();
        m.set_tenant(e.tenant);
        m.set_conversation(e.conversation);
    }
    void operator()(const core::Tick&) const {
        base::assert_fail("a Tick is never sent by a gateway", __FILE__, __LINE__);
    }
};

}  // namespace

base::Result<runtime::Submission> decode_event(const v1::ClientFrame& frame,
                                               const DecodeLimits& limits) {
    auto event = to_event(frame, limits);
    if (!event.ok()) return std::move(event).error();
    runtime::Submission s{std::move(event).value(), {}, frame.correlation()};
    if (frame.has_customer_message()) s.payload = frame.customer_message().text();
    return s;
}

void encode_event(const core::Event& event, std::string_view payload, v1::ClientFrame& frame) {
    std::visit(ToWire{frame, payload}, event);
}

}  // namespace switchboard::net
