// shard_gauges and the state names; the JSON views are in shard_views_state.cpp and
// shard_views_trace.cpp.
#include "engine/admin/shard_views.hpp"

#include "engine/base/assert.hpp"

namespace switchboard::admin {
namespace {

void count_agent(TenantGauges& g, const model::Agent& agent) {
    switch (agent.status) {
        case model::AgentStatus::kAvailable:
            ++g.agents_available;
            break;
        case model::AgentStatus::kAway:
            ++g.agents_away;
            break;
        case model::AgentStatus::kAutoAway:
            ++g.agents_auto_away;
            break;
    }
    if (agent.takes_new_work()) ++g.agents_ready;
    g.load += agent.load;
    g.capacity += agent.capacity;
}

TenantGauges queue_gauges(const core::Shard& shard, const model::TenantSpec& spec) {
    TenantGauges g;
    g.tenant = spec.id;
    const routing::TenantRouter* router = shard.router(spec.id);
    SB_ASSERT(router != nullptr);
    for (model::QueueIndex q = 0; q < spec.queues.size(); ++q) {
        const routing::WaitingQueue& waiting = router->waiting(q);
        for (std::size_t t = 0; t < spec.tiers.size(); ++t) {
            const auto tier = static_cast<std::uint8_t>(t);
            const std::uint32_t n = tier < waiting.tiers() ? waiting.size_of_tier(tier) : 0;
            g.waiting.push_back(QueueTierDepth{spec.queues[q].name, spec.tiers[t].name, n});
        }
    }
    g.open_conversations = router->waiting_total();
    return g;
}

}  // namespace

ShardGauges shard_gauges(const core::Shard& shard) {
    ShardGauges out;
    out.as_of = shard.now();
    out.config_version = shard.snapshot().version;
    out.armed_timers = shard.armed_timers();
    out.stats = shard.stats();
    for (const model::TenantSpec& spec : shard.snapshot().tenants) {
        out.tenants.push_back(queue_gauges(shard, spec));
    }
    // The shard numbers its tenants in config order (model::TenantIndex).
    shard.for_each_agent([&out](model::AgentId, const model::Agent& agent) {
        SB_ASSERT(agent.tenant < out.tenants.size());
        count_agent(out.tenants[agent.tenant], agent);
    });
    // Between steps every open conversation waits or is held by an agent (Shard invariants), so
    // the open count needs no pass over the conversations.
    for (TenantGauges& g : out.tenants) g.open_conversations += static_cast<std::uint32_t>(g.load);
    return out;
}

std::string_view to_string(model::AgentStatus status) noexcept {
    switch (status) {
        case model::AgentStatus::kAvailable:
            return "available";
        case model::AgentStatus::kAway:
            return "away";
        case model::AgentStatus::kAutoAway:
            return "auto_away";
    }
    return "unknown";
}

std::string_view to_string(model::ConversationState state) noexcept {
    switch (state) {
        case model::ConversationState::kUnrouted:
            return "unrouted";
        case model::ConversationState::kWaiting:
            return "waiting";
        case model::ConversationState::kOffered:
            return "offered";
        case model::ConversationState::kAssigned:
            return "assigned";
    }
    return "unknown";
}

}  // namespace switchboard::admin
