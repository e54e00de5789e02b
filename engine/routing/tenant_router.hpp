// The routing indexes of one tenant: its eligibility pools (one per distinct queue x ladder-step
// filter) and one waiting queue per queue. It answers the two questions of work-conserving
// routing without scanning all agents or all waiting conversations:
//   - which ready agent should take this conversation (pool_for(...).best), and
//   - which waiting conversation should this agent take next (next_for).
// Agents and conversations live in the shard's tables; this class keeps only indexes into them.
// Built from one TenantSpec; owned by the shard; shard thread only.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "engine/model/agent.hpp"
#include "engine/model/tenant_spec.hpp"
#include "engine/routing/pool.hpp"
#include "engine/routing/waiting_queue.hpp"

namespace switchboard::routing {

struct WaitingPick {
    ConversationIndex conversation = kNoConversation;
    model::QueueIndex queue = 0;
    std::uint8_t tier = 0;
    std::uint8_t step = 0;
};

class TenantRouter {
  public:
    // `spec` must outlive the router. `links` is the shard's shared link table.
    TenantRouter(const model::TenantSpec& spec, WaitLinks* links);

    // Adds the agent to every pool that admits it and ranks it. Precondition: not joined.
    void join(AgentIndex index, model::Agent& agent);
    // Removes the agent from all its pools.
    void leave(model::Agent& agent);
    // Re-ranks the agent in all its pools after a change of load, capacity, status or time.
    void refresh(const model::Agent& agent);

    Pool& pool_for(model::QueueIndex queue, std::uint8_t tier, std::uint8_t step) noexcept;
    const Pool& pool(std::uint16_t index) const noexcept { return pools_[index]; }
    std::uint16_t pool_count() const noexcept { return static_cast<std::uint16_t>(pools_.size()); }

    const WaitingQueue& waiting(model::QueueIndex queue) const noexcept { return waiting_[queue]; }
    // WaitingQueue::push / remove on the queue's list, keeping the tenant's total.
    void push_waiting(model::QueueIndex queue, ConversationIndex c, std::uint8_t tier,
                      std::uint8_t step, std::int64_t order_key);
    void remove_waiting(model::QueueIndex queue, ConversationIndex c, std::uint8_t tier,
                        std::uint8_t step);
    // Conversations waiting in all of the tenant's queues. O(1).
    std::uint32_t waiting_total() const noexcept { return waiting_total_; }

    // The waiting conversation `agent` should take next: among the lists whose pool admits the
    // agent, the highest tier first, then the smallest order_key. `skip(c)` excludes
    // conversations the agent may not take (it missed them, or handed them over); each list is
    // walked past those, which are at most the conversations this agent once held.
    // nullopt when nothing is admissible.
    template <typename Skip>
    std::optional<WaitingPick> next_for(const model::Agent& agent, Skip&& skip) const;

  private:
    std::uint16_t intern_pool(const PoolFilter& filter, model::Strategy strategy);

    const model::TenantSpec* spec_;
    std::vector<Pool> pools_;
    // pool_index_[queue][tier][step] -> index into pools_
    std::vector<std::vector<std::vector<std::uint16_t>>> pool_index_;
    std::vector<WaitingQueue> waiting_;
    std::uint32_t waiting_total_ = 0;  // sum of waiting_[q].size()
};

template <typename Skip>
std::optional<WaitingPick> TenantRouter::next_for(const model::Agent& agent, Skip&& skip) const {
    // Every release and capacity change asks; mostly nothing waits, and then no queue is looked at.
    if (waiting_total_ == 0) return std::nullopt;
    std::optional<WaitingPick> best;
    std::int64_t best_key = 0;
    for (model::QueueIndex q = 0; q < waiting_.size(); ++q) {
        const WaitingQueue& queue = waiting_[q];
        if (queue.size() == 0 || !agent.skills.contains_all(spec_->queues[q].skills)) continue;
        for (std::uint8_t t = 0; t < queue.tiers(); ++t) {
            if (best && best->tier < t) break;  // a higher tier already has a candidate
            if (queue.size_of_tier(t) == 0) continue;
            for (std::uint8_t s = 0; s < queue.steps(t); ++s) {
                if (!pools_[pool_index_[q][t][s]].admits(agent)) continue;
                ConversationIndex c = queue.head(t, s);
                while (c != kNoConversation && skip(c)) c = queue.next(c);
                if (c == kNoConversation) continue;
                const std::int64_t key = queue.order_key(c);
                if (!best || t < best->tier || key < best_key) {
                    best = WaitingPick{c, q, t, s};
                    best_key = key;
                }
            }
        }
    }
    return best;
}

}  // namespace switchboard::routing
