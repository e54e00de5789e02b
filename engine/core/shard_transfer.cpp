// Shard::Step handler for transfers: to another skill class (routed like a new arrival, never
// back to the agent handing it over) or to a named agent (who must be able to take it now).
#include <string>

#include "engine/core/exclusions.hpp"
#include "engine/core/shard_step.hpp"

namespace switchboard::core {
namespace {

constexpr std::string_view kTransfer = "transfer";

}  // namespace

void Shard::Step::handle(const Transfer& e) {
    Tenant* t = tenant_or_reject(kTransfer, e.tenant);
    if (t == nullptr) return;
    const std::optional<ConversationId> c = conversation_or_reject(kTransfer, *t, e.conversation);
    if (!c) return;
    Conv& conv = s_.conversations_[*c];
    std::optional<AgentId> from;
    if (!e.agent.empty()) {
        from = agent_or_reject(kTransfer, *t, e.agent);
        if (!from) return;
        if (conv.state == model::ConversationState::kWaiting || conv.agent != *from) {
            reject(kTransfer, RejectReason::kNotAssignedToAgent,
                   "conversation '" + e.conversation + "' is not with agent '" + e.agent + "'");
            return;
        }
    }
    if (e.to_skills.empty() == e.to_agent.empty()) {
        reject(kTransfer, RejectReason::kInvalidTransfer,
               "a transfer names exactly one target: to_skills or to_agent");
        return;
    }
    model::QueueIndex queue = conv.queue;
    std::optional<AgentId> target;
    if (!e.to_skills.empty()) {
        model::SkillSet skills;
        if (!skills_or_reject(kTransfer, *t, e.to_skills, &skills)) return;
        const std::optional<model::QueueIndex> found = t->spec->find_queue_for(skills);
        if (!found) {
            reject(kTransfer, RejectReason::kNoQueueForSkills,
                   "no queue serves exactly the requested skills");
            return;
        }
        queue = *found;
    } else {
        target = agent_or_reject(kTransfer, *t, e.to_agent);
        if (!target) return;
        const bool same = conv.state != model::ConversationState::kWaiting && conv.agent == *target;
        if (same || !s_.agents_[*target].takes_new_work()) {
            reject(kTransfer, RejectReason::kTargetUnavailable,
                   "agent '" + e.to_agent + "' cannot take the conversation now (" +
                       (same ? "already has it" : "away or full") + ")");
            return;
        }
    }
    // Validated: now change state.
    ++s_.stats_.transfers;
    std::optional<AgentId> previous;
    if (conv.state == model::ConversationState::kWaiting) {
        dequeue(*c);
    } else {
        previous = conv.agent;
        emit(Unassigned{*c, conv.agent, UnassignReason::kTransfer});
        release(*c);
    }
    conv.queue = queue;
    conv.ladder_step = 0;
    if (target) {
        model::DecisionTrace why;
        why.strategy = t->spec->queues[queue].strategy;
        why.ready_in_pool = 1;
        assign(*c, *target, AssignReason::kTransfer, why);
    } else {
        if (previous) exclusions_of(conv).handed_over_by = s_.agents_[*previous].name;
        route(*c, AssignReason::kTransfer, /*head_key=*/std::nullopt);
    }
    if (s_.conversations_.contains(*c)) {
        // A transfer is activity: the idle clock of the new queue starts now.
        s_.conversations_[*c].last_activity = now_;
        arm_idle_timer(*c);
    }
    if (previous) drain(*previous);
}

}  // namespace switchboard::core
