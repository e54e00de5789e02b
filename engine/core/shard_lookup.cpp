// Shard::Step lookups: resolve the gateway's ids or answer with a Rejected action.
#include <string>

#include "engine/core/shard_step.hpp"

namespace switchboard::core {
namespace {

std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

}  // namespace

void Shard::Step::reject(std::string_view event, RejectReason reason, std::string detail) {
    ++s_.stats_.rejected;
    emit(Rejected{event, reason, std::move(detail)});
}

Shard::Tenant* Shard::Step::tenant_or_reject(std::string_view event, std::string_view id) {
    Tenant* t = s_.find_tenant(id);
    if (t == nullptr) reject(event, RejectReason::kUnknownTenant, "unknown tenant " + quoted(id));
    return t;
}

std::optional<AgentId> Shard::Step::agent_or_reject(std::string_view event, Tenant& t,
                                                    std::string_view name) {
    const std::optional<AgentId> id = t.directory.find_agent(name);
    if (!id) {
        reject(event, RejectReason::kUnknownAgent,
               "agent " + quoted(name) + " is not logged in at tenant " + quoted(t.spec->id));
    }
    return id;
}

std::optional<ConversationId> Shard::Step::conversation_or_reject(std::string_view event, Tenant& t,
                                                                  std::string_view name) {
    ConversationId id;
    switch (t.directory.find_conversation(name, names_in(s_.conversations_), &id)) {
        case Lookup::kOpen:
            return id;
        case Lookup::kClosed:
            reject(event, RejectReason::kConversationClosed,
                   "conversation " + quoted(name) + " is already closed");
            return std::nullopt;
        case Lookup::kUnknown:
            break;
    }
    reject(event, RejectReason::kUnknownConversation,
           "conversation " + quoted(name) + " is not open at tenant " + quoted(t.spec->id));
    return std::nullopt;
}

bool Shard::Step::skills_or_reject(std::string_view event, const Tenant& t,
                                   const std::vector<std::string>& names, model::SkillSet* out) {
    model::SkillSet skills;
    for (const std::string& name : names) {
        const std::optional<model::SkillIndex> skill = t.spec->find_skill(name);
        if (!skill) {
            reject(event, RejectReason::kUnknownSkill,
                   "unknown skill " + quoted(name) + " at tenant " + quoted(t.spec->id));
            return false;
        }
        skills.set(*skill);
    }
    *out = skills;
    return true;
}

std::optional<Shard::Step::Held> Shard::Step::held_or_reject(
    std::string_view event, std::string_view tenant, std::string_view agent,
    std::string_view conversation, model::ConversationState state, RejectReason otherwise) {
    Tenant* t = tenant_or_reject(event, tenant);
    if (t == nullptr) return std::nullopt;
    const std::optional<AgentId> a = agent_or_reject(event, *t, agent);
    if (!a) return std::nullopt;
    const std::optional<ConversationId> c = conversation_or_reject(event, *t, conversation);
    if (!c) return std::nullopt;
    const Conv& conv = s_.conversations_[*c];
    if (conv.state != state || conv.agent != *a) {
        reject(event, otherwise,
               "conversation " + quoted(conversation) + " is not " +
                   (state == model::ConversationState::kOffered ? "offered" : "assigned") +
                   " to agent " + quoted(agent));
        return std::nullopt;
    }
    return Held{t, *a, *c};
}

}  // namespace switchboard::core
