// Shard::explain: the decision trace of one conversation, with every agent's standing towards it.
#include <algorithm>

#include "engine/core/exclusions.hpp"
#include "engine/core/shard.hpp"
#include "engine/core/shard_tenant.hpp"

namespace switchboard::core {
namespace {

Verdict judge(const model::Agent& agent, AgentId id, const model::Conversation& conv,
              const model::QueueSpec& queue, const routing::Pool& pool) {
    if (conv.agent == id) return Verdict::kChosen;
    if (!agent.skills.contains_all(queue.skills)) return Verdict::kLacksSkill;
    if (!pool.admits(agent)) return Verdict::kOutsideLadder;
    if (excludes(conv, agent.name)) return Verdict::kMissedBefore;
    if (agent.status == model::AgentStatus::kAway) return Verdict::kAway;
    if (agent.status == model::AgentStatus::kAutoAway) return Verdict::kAutoAway;
    if (agent.load >= agent.capacity) return Verdict::kFull;
    return Verdict::kCandidate;
}

}  // namespace

std::optional<Explanation> Shard::explain(ConversationId id, std::uint32_t max_candidates) const {
    const model::Conversation* conv = conversations_.find(id);
    if (conv == nullptr) return std::nullopt;
    Tenant& t = *tenants_[conv->tenant];
    const model::QueueSpec& queue = t.spec->queues[conv->queue];
    const routing::Pool& pool = t.router.pool_for(conv->queue, conv->tier, conv->ladder_step);
    Explanation out;
    out.conversation = id;
    out.state = conv->state;
    out.queue = conv->queue;
    out.tier = conv->tier;
    out.trace = conv->trace;
    agents_.for_each([&](AgentId a, const model::Agent& agent) {
        if (agent.tenant != conv->tenant) return;
        if (out.candidates.size() == max_candidates) {
            out.truncated = true;
            return;
        }
        out.candidates.push_back(CandidateVerdict{a, judge(agent, a, *conv, queue, pool)});
    });
    return out;
}

}  // namespace switchboard::core
