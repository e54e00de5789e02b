// An eligibility pool: the agents of one tenant that may take conversations of one queue at one
// widening step (skills contain the queue's skills; and, unless the step admits everyone, at
// least one of the step's groups). Members that can take work now ("ready": available, below
// capacity) sit in a heap ordered by the queue's strategy key, so choosing an agent is O(1) and
// keeping the order O(log n) per change (DESIGN.md §3). Owned by a tenant's Router; shard thread.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "engine/model/agent.hpp"
#include "engine/model/tenant_spec.hpp"
#include "engine/routing/agent_heap.hpp"

namespace switchboard::routing {

using AgentIndex = std::uint32_t;  // slot index of the agent in the shard's agent table

struct PoolFilter {
    model::QueueIndex queue = 0;
    model::SkillSet skills;
    bool everyone = true;
    model::GroupSet groups;

    friend bool operator==(const PoolFilter&, const PoolFilter&) = default;
};

class Pool {
  public:
    Pool(PoolFilter filter, model::Strategy strategy) : filter_(filter), strategy_(strategy) {}

    const PoolFilter& filter() const noexcept { return filter_; }
    model::Strategy strategy() const noexcept { return strategy_; }
    bool admits(const model::Agent& agent) const noexcept;

    MemberId add(AgentIndex agent);
    // Precondition: m is a member.
    void remove(MemberId m);
    AgentIndex agent_of(MemberId m) const noexcept { return agent_of_[m]; }

    // Puts the member in the ready heap with the strategy key of `agent`'s current state, or
    // takes it out when the agent takes no new work.
    void refresh(MemberId m, const model::Agent& agent);

    // A cache hint: starts loading the heap entry of member m (see AgentHeap::prefetch).
    void prefetch(MemberId m) const noexcept { ready_.prefetch(m); }

    std::uint32_t ready_count() const noexcept { return ready_.size(); }
    std::uint32_t member_count() const noexcept { return members_; }

    // The preferred ready agent, skipping those in `excluded` (agents that missed the
    // conversation). nullopt when no ready agent qualifies.
    std::optional<AgentIndex> best(std::span<const AgentIndex> excluded) const;

    // O(n) self-check for tests and debug builds.
    bool valid() const { return ready_.valid(); }

  private:
    static constexpr AgentIndex kFreeMember = AgentHeap::kAbsent;

    PoolFilter filter_;
    model::Strategy strategy_;
    AgentHeap ready_;
    std::vector<AgentIndex> agent_of_;  // member -> agent slot, kFreeMember when free
    std::vector<MemberId> free_members_;
    std::uint32_t members_ = 0;
};

// The heap key of `agent` under `strategy` for a queue needing `skills`: smaller is preferred.
std::uint64_t strategy_key(model::Strategy strategy, model::SkillSet skills,
                           const model::Agent& agent) noexcept;

}  // namespace switchboard::routing
