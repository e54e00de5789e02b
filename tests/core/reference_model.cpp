// ReferenceModel: the events, each checked in the order the shard checks them (the first failed
// check names the reject reason), then handed to the routing rules in reference_routing.cpp.
#include "tests/core/reference_model.hpp"

#include <algorithm>

namespace switchboard::testing {
namespace {

using core::RejectReason;

template <typename Names>
std::optional<std::size_t> index_of(const Names& names, const std::string& name) {
    const auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) return std::nullopt;
    return static_cast<std::size_t>(it - names.begin());
}

}  // namespace

ReferenceModel::ReferenceModel(const model::TenantSpec& spec) : spec_(spec) {
    // The same pools as the engine, in the same order: one per distinct (queue, step filter).
    for (model::QueueIndex q = 0; q < spec.queues.size(); ++q) {
        for (const model::TierSpec& tier : spec.tiers) {
            const model::LadderStep& step = tier.ladder.front();
            const model::GroupSet groups = step.everyone ? model::GroupSet{} : step.groups;
            const bool known = std::any_of(pools_.begin(), pools_.end(), [&](const Pool& p) {
                return p.queue == q && p.everyone == step.everyone && p.groups == groups;
            });
            if (!known) pools_.push_back(Pool{q, step.everyone, groups, {}, {}});
        }
    }
}

std::string ReferenceModel::unsupported(const model::TenantSpec& spec) {
    for (const model::SlaPolicy& p : spec.sla_policies) {
        if (p.first_reply.count() > 0 || p.next_reply.count() > 0) return "reply deadlines";
    }
    for (const model::TierSpec& t : spec.tiers) {
        if (t.ladder.size() != 1) return "a widening ladder";
        if (t.max_wait.count() > 0) return "a maximum wait";
        if (t.position_update_interval.count() > 0) return "position updates";
    }
    for (const model::QueueSpec& q : spec.queues) {
        if (q.accept_timeout.count() > 0) return "offers";
        if (q.idle_close.count() > 0) return "idle close";
    }
    if (spec.auto_away.max_misses > 0) return "auto-away";
    return "";
}

std::vector<std::string> ReferenceModel::apply(const core::Event& event, std::int64_t now_ms) {
    now_ms_ = now_ms;
    out_.clear();
    std::visit([this](const auto& e) { on(e); }, event);
    return std::move(out_);
}

std::vector<std::string> ReferenceModel::loads() const {
    std::vector<std::string> out;
    for (const Agent& a : agents_) out.push_back(a.name + "=" + std::to_string(a.load()));
    return out;
}

std::string ReferenceModel::holder(const std::string& conversation) const {
    for (const Conversation& c : open_) {
        if (c.name == conversation) return c.agent;
    }
    return "";
}

std::vector<std::string> ReferenceModel::assigned() const {
    std::vector<std::string> out;
    for (const Conversation& c : open_) {
        if (!c.agent.empty()) out.push_back(c.name);
    }
    return out;
}

// --- lookups that reject ---------------------------------------------------------------------

bool ReferenceModel::reject(std::string_view event, RejectReason reason) {
    out_.push_back("reject " + std::string(event) + " " + std::string(core::to_string(reason)));
    return false;
}

std::nullopt_t ReferenceModel::refuse(std::string_view event, RejectReason reason) {
    reject(event, reason);
    return std::nullopt;
}

bool ReferenceModel::tenant_ok(std::string_view event, const std::string& tenant) {
    return tenant == spec_.id || reject(event, RejectReason::kUnknownTenant);
}

ReferenceModel::Agent* ReferenceModel::find_agent(const std::string& name) {
    for (Agent& a : agents_) {
        if (a.name == name) return &a;
    }
    return nullptr;
}

ReferenceModel::Conversation* ReferenceModel::find_conversation(const std::string& name) {
    const auto* self = this;
    return const_cast<Conversation*>(self->find_conversation(name));
}

const ReferenceModel::Conversation* ReferenceModel::find_conversation(
    const std::string& name) const {
    for (const Conversation& c : open_) {
        if (c.name == name) return &c;
    }
    return nullptr;
}

ReferenceModel::Agent* ReferenceModel::agent_or_reject(std::string_view event,
                                                       const std::string& name) {
    Agent* a = find_agent(name);
    if (a == nullptr) reject(event, RejectReason::kUnknownAgent);
    return a;
}

ReferenceModel::Conversation* ReferenceModel::conversation_or_reject(std::string_view event,
                                                                     const std::string& name) {
    Conversation* c = find_conversation(name);
    if (c != nullptr) return c;
    const bool closed = std::find(closed_.begin(), closed_.end(), name) != closed_.end();
    reject(event, closed ? RejectReason::kConversationClosed : RejectReason::kUnknownConversation);
    return nullptr;
}

std::optional<model::QueueIndex> ReferenceModel::queue_or_reject(
    std::string_view event, const std::vector<std::string>& skills) {
    model::SkillSet wanted;
    for (const std::string& name : skills) {
        const auto s = index_of(spec_.skills, name);
        if (!s) return refuse(event, RejectReason::kUnknownSkill);
        wanted.set(*s);
    }
    for (model::QueueIndex q = 0; q < spec_.queues.size(); ++q) {
        if (spec_.queues[q].skills == wanted) return q;
    }
    reject(event, RejectReason::kNoQueueForSkills);
    return std::nullopt;
}

// --- agent events ------------------------------------------------------------------------------

std::optional<ReferenceModel::Agent> ReferenceModel::new_agent(const core::AgentLogin& e) {
    constexpr std::string_view kEvent = "agent_login";
    Agent a;
    a.name = e.agent;
    for (const core::SkillGrant& grant : e.skills) {
        const auto s = index_of(spec_.skills, grant.skill);
        if (!s) return refuse(kEvent, RejectReason::kUnknownSkill);
        if (grant.level < 1 || grant.level > 10) {
            return refuse(kEvent, RejectReason::kInvalidProficiency);
        }
        a.skills.set(*s);
        a.level[*s] = grant.level;  // a skill granted twice keeps the last level
    }
    for (const std::string& group : e.groups) {
        const auto g = index_of(spec_.groups, group);
        if (!g) return refuse(kEvent, RejectReason::kUnknownGroup);
        a.groups.set(*g);
    }
    a.capacity = e.capacity.value_or(spec_.default_capacity);
    if (a.capacity < 1 || a.capacity > spec_.max_capacity) {
        return refuse(kEvent, RejectReason::kInvalidCapacity);
    }
    if (agents_.size() >= spec_.limits.max_agents) {
        return refuse(kEvent, RejectReason::kLimitReached);
    }
    a.idle_since_ms = now_ms_;
    return a;
}

void ReferenceModel::on(const core::AgentLogin& e) {
    if (!tenant_ok("agent_login", e.tenant)) return;
    if (find_agent(e.agent) != nullptr) {
        reject("agent_login", RejectReason::kAgentAlreadyLoggedIn);
        return;
    }
    std::optional<Agent> agent = new_agent(e);
    if (!agent) return;
    agents_.push_back(std::move(*agent));
    join_pools(agents_.back());
    drain(e.agent);
}

void ReferenceModel::on(const core::AgentLogout& e) {
    if (!tenant_ok("agent_logout", e.tenant)) return;
    Agent* a = agent_or_reject("agent_logout", e.agent);
    if (a == nullptr) return;
    put_back(*a);
}

void ReferenceModel::on(const core::AgentStatusChange& e) {
    if (!tenant_ok("agent_status", e.tenant)) return;
    Agent* a = agent_or_reject("agent_status", e.agent);
    if (a == nullptr) return;
    if (e.presence == core::Presence::kAway) {
        a->away = true;
        return;
    }
    if (!a->away) return;
    a->away = false;
    a->idle_since_ms = now_ms_;
    drain(a->name);
}

void ReferenceModel::on(const core::AgentCapacityChange& e) {
    if (!tenant_ok("agent_capacity", e.tenant)) return;
    Agent* a = agent_or_reject("agent_capacity", e.agent);
    if (a == nullptr) return;
    if (e.capacity < 1 || e.capacity > spec_.max_capacity) {
        reject("agent_capacity", RejectReason::kInvalidCapacity);
        return;
    }
    a->capacity = e.capacity;  // lowering it below the load takes nothing away
    drain(a->name);
}

// --- conversation events -----------------------------------------------------------------------

void ReferenceModel::on(const core::CustomerMessage& e) {
    constexpr std::string_view kEvent = "customer_message";
    if (!tenant_ok(kEvent, e.tenant)) return;
    if (find_conversation(e.conversation) != nullptr) return;  // a follow-up: nothing to route
    Conversation conv{
        e.conversation, e.customer, spec_.default_tier, spec_.default_queue, "", "", {}};
    if (!e.tier.empty()) {
        const auto it = std::find_if(spec_.tiers.begin(), spec_.tiers.end(),
                                     [&](const model::TierSpec& t) { return t.name == e.tier; });
        if (it == spec_.tiers.end()) {
            reject(kEvent, RejectReason::kUnknownTier);
            return;
        }
        conv.tier = static_cast<model::TierIndex>(it - spec_.tiers.begin());
    }
    if (!e.skills.empty()) {
        const auto queue = queue_or_reject(kEvent, e.skills);
        if (!queue) return;
        conv.queue = *queue;
    }
    if (open_.size() >= spec_.limits.max_conversations) {
        reject(kEvent, RejectReason::kLimitReached);
        return;
    }
    std::erase(closed_, e.conversation);  // a closed id opens a new conversation
    open_.push_back(std::move(conv));
    route(e.conversation, "new", /*at_head=*/false);
}

void ReferenceModel::on(const core::AgentReply& e) {
    if (!tenant_ok("agent_reply", e.tenant)) return;
    if (agent_or_reject("agent_reply", e.agent) == nullptr) return;
    const Conversation* c = conversation_or_reject("agent_reply", e.conversation);
    if (c == nullptr) return;
    if (c->agent != e.agent) reject("agent_reply", RejectReason::kNotAssignedToAgent);
}

void ReferenceModel::on(const core::AcceptOffer& e) {
    if (!tenant_ok("accept_offer", e.tenant)) return;
    if (agent_or_reject("accept_offer", e.agent) == nullptr) return;
    if (conversation_or_reject("accept_offer", e.conversation) == nullptr) return;
    reject("accept_offer", RejectReason::kNotOffered);  // nothing is ever offered here
}

void ReferenceModel::on(const core::Transfer& e) {
    constexpr std::string_view kEvent = "transfer";
    if (!tenant_ok(kEvent, e.tenant)) return;
    Conversation* c = conversation_or_reject(kEvent, e.conversation);
    if (c == nullptr) return;
    if (!e.agent.empty()) {
        if (agent_or_reject(kEvent, e.agent) == nullptr) return;
        if (c->agent != e.agent) {
            reject(kEvent, RejectReason::kNotAssignedToAgent);
            return;
        }
    }
    if (e.to_skills.empty() == e.to_agent.empty()) {
        reject(kEvent, RejectReason::kInvalidTransfer);
        return;
    }
    model::QueueIndex queue = c->queue;
    Agent* target = nullptr;
    if (!e.to_skills.empty()) {
        const auto found = queue_or_reject(kEvent, e.to_skills);
        if (!found) return;
        queue = *found;
    } else {
        target = agent_or_reject(kEvent, e.to_agent);
        if (target == nullptr) return;
        if (c->agent == target->name || !target->ready()) {
            reject(kEvent, RejectReason::kTargetUnavailable);
            return;
        }
    }
    const std::string previous = c->agent;
    if (previous.empty()) {
        std::erase(waiting_, c->name);
    } else {
        out_.push_back("unassign " + c->name + " from " + previous + " (transfer)");
        release(*c);
    }
    c->queue = queue;
    if (target != nullptr) {
        assign(*c, *target, "transfer");  // a named agent takes it whatever their skills
    } else {
        if (!previous.empty()) c->handed_over_by = previous;
        route(c->name, "transfer", /*at_head=*/false);
    }
    if (!previous.empty()) drain(previous);
}

void ReferenceModel::on(const core::CloseConversation& e) {
    if (!tenant_ok("close", e.tenant)) return;
    if (conversation_or_reject("close", e.conversation) == nullptr) return;
    close(e.conversation, "requested");
}

}  // namespace switchboard::testing
