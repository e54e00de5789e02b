#include "engine/core/shard.hpp"

#include <algorithm>
#include <string>

#include "engine/base/assert.hpp"
#include "engine/core/shard_step.hpp"
#include "engine/core/shard_tenant.hpp"

namespace switchboard::core {
namespace {

std::uint32_t slot_limit(std::uint64_t total) {
    // At least one: a shard the runtime gave no tenant still makes its (empty) tables.
    return static_cast<std::uint32_t>(std::clamp<std::uint64_t>(total, 1, 0xFFFF'FFF0u));
}

std::uint64_t total_agents(const config::Snapshot& snapshot) {
    std::uint64_t n = 0;
    for (const auto& t : snapshot.tenants) n += t.limits.max_agents;
    return n;
}

std::uint64_t total_conversations(const config::Snapshot& snapshot) {
    std::uint64_t n = 0;
    for (const auto& t : snapshot.tenants) n += t.limits.max_conversations;
    return n;
}

}  // namespace

Shard::Shard(std::shared_ptr<const config::Snapshot> snapshot, base::Time start)
    : snapshot_(std::move(snapshot)),
      agents_(slot_limit(total_agents(*snapshot_))),
      conversations_(slot_limit(total_conversations(*snapshot_))),
      // Each conversation holds at most three timers (reply, queue, idle), each agent one.
      wheel_(start, slot_limit(3 * total_conversations(*snapshot_) + total_agents(*snapshot_))),
      now_(start),
      action_time_(start) {
    SB_ASSERT(snapshot_ != nullptr);
    for (const model::TenantSpec& spec : snapshot_->tenants) {
        const auto index = static_cast<model::TenantIndex>(tenants_.size());
        tenants_.push_back(std::make_unique<Tenant>(spec, index, &wait_links_));
        tenant_index_.emplace(spec.id, index);
    }
}

Shard::~Shard() = default;

void Shard::apply(const Event& event, base::Time now, ActionSink& sink) {
    SB_ASSERT(now >= now_);
    now_ = now;
    action_time_ = now;
    ++stats_.events;
    Step step(*this, now, sink);
    step.fire_due_timers();
    std::visit([&step](const auto& e) { step.handle(e); }, event);
}

Shard::Tenant* Shard::find_tenant(std::string_view id) noexcept {
    const auto it = tenant_index_.find(id);
    return it == tenant_index_.end() ? nullptr : tenants_[it->second].get();
}

const Shard::Tenant* Shard::find_tenant(std::string_view id) const noexcept {
    const auto it = tenant_index_.find(id);
    return it == tenant_index_.end() ? nullptr : tenants_[it->second].get();
}

std::string_view Shard::agent_name(AgentId id) const noexcept {
    const model::Agent* a = agents_.find(id);
    return a == nullptr ? std::string_view{} : std::string_view{a->name};
}

std::string_view Shard::conversation_name(ConversationId id) const noexcept {
    const model::Conversation* c = conversations_.find(id);
    return c == nullptr ? std::string_view{} : std::string_view{c->name};
}

std::optional<AgentId> Shard::find_agent(std::string_view tenant, std::string_view name) const {
    const Tenant* t = find_tenant(tenant);
    if (t == nullptr) return std::nullopt;
    return t->directory.find_agent(name);
}

std::optional<ConversationId> Shard::find_conversation(std::string_view tenant,
                                                       std::string_view name) const {
    const Tenant* t = find_tenant(tenant);
    ConversationId id;
    if (t == nullptr ||
        t->directory.find_conversation(name, names_in(conversations_), &id) != Lookup::kOpen) {
        return std::nullopt;
    }
    return id;
}

std::uint32_t Shard::waiting_count(std::string_view tenant) const {
    const Tenant* t = find_tenant(tenant);
    return t == nullptr ? 0 : t->router.waiting_total();
}

const routing::TenantRouter* Shard::router(std::string_view tenant) const {
    const Tenant* t = find_tenant(tenant);
    return t == nullptr ? nullptr : &t->router;
}

}  // namespace switchboard::core
