// Shard::Step handlers for agent events: login, logout, presence and capacity.
#include <string>

#include "engine/base/assert.hpp"
#include "engine/core/shard_step.hpp"

namespace switchboard::core {
namespace {

constexpr std::string_view kLogin = "agent_login";
constexpr std::string_view kLogout = "agent_logout";
constexpr std::string_view kStatus = "agent_status";
constexpr std::string_view kCapacity = "agent_capacity";

bool capacity_ok(std::uint32_t capacity, const model::TenantSpec& spec) {
    return capacity >= 1 && capacity <= spec.max_capacity;
}

std::string capacity_detail(std::uint32_t capacity, const model::TenantSpec& spec) {
    return "capacity must be 1.." + std::to_string(spec.max_capacity) + ", got " +
           std::to_string(capacity);
}

}  // namespace

void Shard::Step::handle(const AgentLogin& e) {
    Tenant* t = tenant_or_reject(kLogin, e.tenant);
    if (t == nullptr) return;
    const model::TenantSpec& spec = *t->spec;
    if (t->directory.find_agent(e.agent)) {
        reject(kLogin, RejectReason::kAgentAlreadyLoggedIn,
               "agent '" + e.agent + "' is already logged in");
        return;
    }
    model::Agent agent;
    agent.tenant = t->index;
    agent.name = e.agent;
    for (const SkillGrant& grant : e.skills) {
        const std::optional<model::SkillIndex> skill = spec.find_skill(grant.skill);
        if (!skill) {
            reject(kLogin, RejectReason::kUnknownSkill, "unknown skill '" + grant.skill + "'");
            return;
        }
        if (grant.level < model::kMinProficiency || grant.level > model::kMaxProficiency) {
            reject(kLogin, RejectReason::kInvalidProficiency,
                   "skill '" + grant.skill + "': level must be 1..10, got " +
                       std::to_string(grant.level));
            return;
        }
        agent.skills.set(*skill);
        agent.proficiency[*skill] = grant.level;
    }
    for (const std::string& group : e.groups) {
        const std::optional<model::GroupIndex> g = spec.find_group(group);
        if (!g) {
            reject(kLogin, RejectReason::kUnknownGroup, "unknown group '" + group + "'");
            return;
        }
        agent.groups.set(*g);
    }
    agent.capacity = e.capacity.value_or(spec.default_capacity);
    if (!capacity_ok(agent.capacity, spec)) {
        reject(kLogin, RejectReason::kInvalidCapacity, capacity_detail(agent.capacity, spec));
        return;
    }
    if (t->directory.agents() >= spec.limits.max_agents) {
        reject(kLogin, RejectReason::kLimitReached,
               "tenant '" + spec.id + "' already has max_agents=" +
                   std::to_string(spec.limits.max_agents) + " agents logged in");
        return;
    }
    agent.idle_since = now_;
    const std::optional<AgentId> id = s_.agents_.insert(std::move(agent));
    SB_ASSERT(id.has_value());  // per-tenant limits keep the shard table within its bound
    t->directory.add_agent(e.agent, *id);
    t->router.join(id->index, s_.agents_[*id]);
    drain(*id);
}

void Shard::Step::handle(const AgentLogout& e) {
    Tenant* t = tenant_or_reject(kLogout, e.tenant);
    if (t == nullptr) return;
    const std::optional<AgentId> id = agent_or_reject(kLogout, *t, e.agent);
    if (!id) return;
    model::Agent& agent = s_.agents_[*id];
    t->router.leave(agent);  // no conversation may come back to a leaving agent
    requeue_all(*id, UnassignReason::kLogout);
    if (agent.cooldown_timer.valid()) s_.wheel_.cancel(agent.cooldown_timer);
    t->directory.remove_agent(e.agent);
    s_.agents_.erase(*id);
}

void Shard::Step::handle(const AgentStatusChange& e) {
    Tenant* t = tenant_or_reject(kStatus, e.tenant);
    if (t == nullptr) return;
    const std::optional<AgentId> id = agent_or_reject(kStatus, *t, e.agent);
    if (!id) return;
    model::Agent& agent = s_.agents_[*id];
    if (e.presence == Presence::kAway) {
        agent.status = model::AgentStatus::kAway;
        t->router.refresh(agent);
        return;
    }
    if (agent.status == model::AgentStatus::kAvailable) return;
    restore(*id);
}

void Shard::Step::handle(const AgentCapacityChange& e) {
    Tenant* t = tenant_or_reject(kCapacity, e.tenant);
    if (t == nullptr) return;
    const std::optional<AgentId> id = agent_or_reject(kCapacity, *t, e.agent);
    if (!id) return;
    if (!capacity_ok(e.capacity, *t->spec)) {
        reject(kCapacity, RejectReason::kInvalidCapacity, capacity_detail(e.capacity, *t->spec));
        return;
    }
    // Lowering below the current load takes no conversation away; the agent just gets no new
    // work until the load falls under the new capacity.
    model::Agent& agent = s_.agents_[*id];
    agent.capacity = e.capacity;
    t->router.refresh(agent);
    drain(*id);
}

}  // namespace switchboard::core
