#include "engine/routing/tenant_router.hpp"

#include "engine/base/assert.hpp"

namespace switchboard::routing {

TenantRouter::TenantRouter(const model::TenantSpec& spec, WaitLinks* links) : spec_(&spec) {
    std::vector<std::uint8_t> steps_per_tier;
    for (const auto& tier : spec.tiers) {
        SB_ASSERT(!tier.ladder.empty());
        steps_per_tier.push_back(static_cast<std::uint8_t>(tier.ladder.size()));
    }
    pool_index_.resize(spec.queues.size());
    for (model::QueueIndex q = 0; q < spec.queues.size(); ++q) {
        const model::QueueSpec& queue = spec.queues[q];
        waiting_.emplace_back(steps_per_tier, links);
        pool_index_[q].resize(spec.tiers.size());
        for (std::size_t t = 0; t < spec.tiers.size(); ++t) {
            for (const model::LadderStep& step : spec.tiers[t].ladder) {
                const PoolFilter filter{q, queue.skills, step.everyone,
                                        step.everyone ? model::GroupSet{} : step.groups};
                pool_index_[q][t].push_back(intern_pool(filter, queue.strategy));
            }
        }
    }
}

std::uint16_t TenantRouter::intern_pool(const PoolFilter& filter, model::Strategy strategy) {
    for (std::uint16_t i = 0; i < pools_.size(); ++i) {
        if (pools_[i].filter() == filter) return i;
    }
    SB_ASSERT(pools_.size() < 0xFFFF);
    pools_.emplace_back(filter, strategy);
    return static_cast<std::uint16_t>(pools_.size() - 1);
}

void TenantRouter::join(AgentIndex index, model::Agent& agent) {
    SB_ASSERT(agent.memberships.empty());
    for (std::uint16_t p = 0; p < pools_.size(); ++p) {
        if (!pools_[p].admits(agent)) continue;
        const MemberId m = pools_[p].add(index);
        agent.memberships.push_back(model::PoolMembership{p, m});
        pools_[p].refresh(m, agent);
    }
}

void TenantRouter::leave(model::Agent& agent) {
    for (const model::PoolMembership& mm : agent.memberships) pools_[mm.pool].remove(mm.member);
    agent.memberships.clear();
}

void TenantRouter::refresh(const model::Agent& agent) {
    for (const model::PoolMembership& mm : agent.memberships) {
        pools_[mm.pool].refresh(mm.member, agent);
    }
}

Pool& TenantRouter::pool_for(model::QueueIndex queue, std::uint8_t tier,
                             std::uint8_t step) noexcept {
    SB_ASSERT(queue < pool_index_.size());
    SB_ASSERT(tier < pool_index_[queue].size());
    SB_ASSERT(step < pool_index_[queue][tier].size());
    return pools_[pool_index_[queue][tier][step]];
}

void TenantRouter::push_waiting(model::QueueIndex queue, ConversationIndex c, std::uint8_t tier,
                                std::uint8_t step, std::int64_t order_key) {
    SB_ASSERT(queue < waiting_.size());
    waiting_[queue].push(c, tier, step, order_key);
    ++waiting_total_;
}

void TenantRouter::remove_waiting(model::QueueIndex queue, ConversationIndex c, std::uint8_t tier,
                                  std::uint8_t step) {
    SB_ASSERT(queue < waiting_.size());
    SB_ASSERT(waiting_total_ > 0);
    waiting_[queue].remove(c, tier, step);
    --waiting_total_;
}

}  // namespace switchboard::routing
