// Shard::Step routing decisions: choose an agent or queue, assign, release and refill agents.
// Work-conserving: every path that frees capacity ends in drain() for that agent, and every
// conversation that needs an agent goes through route(), which queues it only when its pool has
// no ready agent it may go to.
#include <algorithm>
#include <vector>

#include "engine/base/assert.hpp"
#include "engine/core/exclusions.hpp"
#include "engine/core/shard_step.hpp"

namespace switchboard::core {
std::int64_t Shard::Step::reserve_head_keys(std::uint32_t n) {
    s_.head_key_ -= n;
    return s_.head_key_;
}

Shard::Step::Choice Shard::Step::choose(const Conv& conv) {
    Tenant& t = tenant_of(conv);
    const routing::Pool& pool = t.router.pool_for(conv.queue, conv.tier, conv.ladder_step);
    const std::vector<routing::AgentIndex> excluded = excluded_agents(conv, t.directory);
    Choice choice;
    choice.why.strategy = t.spec->queues[conv.queue].strategy;
    choice.why.ladder_step = conv.ladder_step;
    choice.why.ready_in_pool = pool.ready_count();
    choice.why.excluded = static_cast<std::uint8_t>(std::min<std::size_t>(excluded.size(), 255));
    if (const std::optional<routing::AgentIndex> best = pool.best(excluded)) {
        choice.agent = s_.agents_.handle_at(*best);
        SB_ASSERT(choice.agent.has_value());
    }
    return choice;
}

void Shard::Step::route(ConversationId c, AssignReason reason,
                        std::optional<std::int64_t> head_key) {
    Conv& conv = s_.conversations_[c];
    Tenant& t = tenant_of(conv);
    Choice choice = choose(conv);
    if (t.spec->queues[conv.queue].sticky_window.count() > 0 && reason == AssignReason::kNew) {
        routing::Pool& pool = t.router.pool_for(conv.queue, conv.tier, conv.ladder_step);
        if (const std::optional<AgentId> sticky = sticky_agent(t, conv, pool)) {
            choice.why.sticky_hit = true;
            assign(c, *sticky, reason, choice.why);
            return;
        }
    }
    if (!choice.agent) {
        enqueue(c, head_key, /*new_arrival=*/reason == AssignReason::kNew);
        return;
    }
    assign(c, *choice.agent, reason, choice.why);
}

std::optional<AgentId> Shard::Step::sticky_agent(Tenant& t, const Conv& conv, routing::Pool& pool) {
    const StickyEntry* last = t.sticky.find(conv.customer);
    if (last == nullptr) return std::nullopt;
    if (now_ - last->served_at > t.spec->queues[conv.queue].sticky_window) return std::nullopt;
    const std::optional<AgentId> id = t.directory.find_agent(last->agent);
    if (!id) return std::nullopt;
    const model::Agent& agent = s_.agents_[*id];
    if (!agent.takes_new_work() || !pool.admits(agent) || excludes(conv, agent.name)) {
        return std::nullopt;
    }
    return id;
}

void Shard::Step::assign(ConversationId c, AgentId a, AssignReason reason,
                         const model::DecisionTrace& why) {
    Conv& conv = s_.conversations_[c];
    model::Agent& agent = s_.agents_[a];
    Tenant& t = tenant_of(conv);
    SB_ASSERT(conv.state == model::ConversationState::kUnrouted);
    SB_ASSERT(!conv.agent.valid());
    SB_ASSERT(agent.tenant == conv.tenant);
    conv.agent = a;
    if (conv.exclusions) conv.exclusions->handed_over_by.clear();
    agent.conversations.push_back(c);
    ++agent.load;
    ++agent.assignments;
    agent.last_assign_seq = ++s_.assign_seq_;
    conv.assign_seq = agent.last_assign_seq;
    agent.idle_since = now_;
    t.router.refresh(agent);

    conv.trace = why;
    conv.trace.chosen = a;
    conv.trace.decided_at = now_;
    ++s_.stats_.assignments;
    const model::QueueSpec& queue = t.spec->queues[conv.queue];
    if (queue.sticky_window.count() > 0) t.sticky.remember(conv.customer, agent.name, now_);

    if (queue.accept_timeout.count() > 0) {
        conv.state = model::ConversationState::kOffered;
        conv.offer_reason = static_cast<std::uint8_t>(reason);
        conv.reply_stage = model::ReplyStage::kOffer;
        conv.reply_due = now_ + queue.accept_timeout;
        const auto timer = s_.wheel_.arm(conv.reply_due, timer_cookie(TimerKind::kReply, c.index));
        SB_ASSERT(timer.has_value());
        conv.reply_timer = *timer;
        emit(Offered{c, a, conv.reply_due});
        return;
    }
    conv.state = model::ConversationState::kAssigned;
    emit(Assigned{c, a, reason});
    if (conv.awaiting_reply) arm_reply_clock(c);
}

void Shard::Step::enqueue(ConversationId c, std::optional<std::int64_t> head_key,
                          bool new_arrival) {
    Conv& conv = s_.conversations_[c];
    Tenant& t = tenant_of(conv);
    const routing::WaitingQueue& waiting = t.router.waiting(conv.queue);
    // The bound applies to new arrivals only: a conversation put back (logout, missed reply) or
    // transferred already holds a customer who was served, and is never dropped.
    if (new_arrival && waiting.size() >= t.spec->limits.max_queue_length) {
        const model::OverflowAction action = t.spec->tiers[conv.tier].overflow;
        emit(Overflowed{c, action == model::OverflowAction::kNone
                               ? model::OverflowAction::kLeaveMessage
                               : action});
        ++s_.stats_.overflows;
        close(c, CloseReason::kOverflow);
        return;
    }
    SB_ASSERT(conv.state == model::ConversationState::kUnrouted);
    conv.state = model::ConversationState::kWaiting;
    conv.enqueued_at = now_;
    conv.ladder_step = 0;
    conv.order_key = head_key ? *head_key : ++s_.arrival_key_;
    t.router.push_waiting(conv.queue, c.index, conv.tier, conv.ladder_step, conv.order_key);
    ++s_.stats_.queued;
    emit(Queued{c, conv.queue,
                waiting.position(c.index, conv.tier, conv.ladder_step, kPositionWalkLimit)});
    arm_queue_timer(c);
}

void Shard::Step::dequeue(ConversationId c) {
    Conv& conv = s_.conversations_[c];
    SB_ASSERT(conv.state == model::ConversationState::kWaiting);
    tenant_of(conv).router.remove_waiting(conv.queue, c.index, conv.tier, conv.ladder_step);
    if (conv.queue_timer.valid()) s_.wheel_.cancel(conv.queue_timer);
    conv.queue_timer = base::TimerId{};
    conv.state = model::ConversationState::kUnrouted;
}

void Shard::Step::release(ConversationId c) {
    Conv& conv = s_.conversations_[c];
    SB_ASSERT(conv.state == model::ConversationState::kOffered ||
              conv.state == model::ConversationState::kAssigned);
    model::Agent& agent = s_.agents_[conv.agent];
    // Found by a scan of at most `capacity` contiguous handles (bounded by the tenant's
    // max_capacity), then swapped with the last and popped. A stored position would make this
    // O(1) but cost a cache miss on the moved conversation's record to keep it up to date. The
    // order the agent got them is kept in assign_seq, for requeue_all.
    auto& held = agent.conversations;
    const auto it = std::find(held.begin(), held.end(), c);
    SB_ASSERT(it != held.end());
    *it = held.back();
    held.pop_back();
    SB_ASSERT(agent.load > 0);
    --agent.load;
    tenant_of(agent).router.refresh(agent);
    stop_reply_clock(conv);
    conv.agent = AgentId{};
    conv.state = model::ConversationState::kUnrouted;
}

void Shard::Step::drain(AgentId a) {
    Tenant& t = tenant_of(s_.agents_[a]);
    while (s_.agents_[a].takes_new_work()) {
        const auto excluded = [&](routing::ConversationIndex ci) {
            return excludes(s_.conversations_[*s_.conversations_.handle_at(ci)],
                            s_.agents_[a].name);
        };
        const std::optional<routing::WaitingPick> pick = t.router.next_for(s_.agents_[a], excluded);
        if (!pick) return;
        const std::optional<ConversationId> c = s_.conversations_.handle_at(pick->conversation);
        SB_ASSERT(c.has_value());
        dequeue(*c);
        note_served(t, pick->queue);
        model::DecisionTrace why;
        why.strategy = t.spec->queues[pick->queue].strategy;
        why.ladder_step = pick->step;
        why.ready_in_pool = t.router.pool_for(pick->queue, pick->tier, pick->step).ready_count();
        assign(*c, a, AssignReason::kFromQueue, why);
    }
}

void Shard::Step::requeue_all(AgentId a, UnassignReason reason) {
    const auto& held = s_.agents_[a].conversations;
    std::vector<ConversationId> open(held.begin(), held.end());
    std::sort(open.begin(), open.end(), [this](ConversationId x, ConversationId y) {
        return s_.conversations_[x].assign_seq < s_.conversations_[y].assign_seq;
    });
    for (const ConversationId c : open) {
        emit(Unassigned{c, a, reason});
        release(c);
    }
    // Back to the head of the queue, in the order the agent had them; each may go straight to
    // another ready agent. `a` takes no new work now (logged out or away), so it is not chosen.
    const std::int64_t first_key = reserve_head_keys(static_cast<std::uint32_t>(open.size()));
    for (std::size_t i = 0; i < open.size(); ++i) {
        s_.conversations_[open[i]].ladder_step = 0;
        route(open[i], AssignReason::kRequeued, first_key + static_cast<std::int64_t>(i));
    }
    if (reason == UnassignReason::kLogout) s_.stats_.requeued_logout += open.size();
}

void Shard::Step::close(ConversationId c, CloseReason reason) {
    Conv& conv = s_.conversations_[c];
    Tenant& t = tenant_of(conv);
    std::optional<AgentId> freed;
    if (conv.state == model::ConversationState::kWaiting) {
        dequeue(c);
    } else if (conv.state != model::ConversationState::kUnrouted) {
        freed = conv.agent;
        release(c);
    }
    cancel_timers(conv);
    emit(Closed{c, reason});
    t.directory.close_conversation(conv.name_hash, c);
    --t.open_conversations;
    ++s_.stats_.conversations_closed;
    s_.conversations_.erase(c);
    if (freed) drain(*freed);
}

void Shard::Step::note_served(Tenant& t, model::QueueIndex q) {
    QueuePace& pace = t.pace[q];
    if (pace.served_once) {
        const double dt = static_cast<double>((now_ - pace.last_served).count());
        pace.interval_ms = pace.interval_ms == 0.0 ? dt : 0.8 * pace.interval_ms + 0.2 * dt;
    }
    pace.served_once = true;
    pace.last_served = now_;
}

}  // namespace switchboard::core
