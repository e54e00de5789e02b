// Shard::Step waiting-queue timers (DESIGN.md §4): tier ladder widening, maximum wait with
// overflow, periodic position / estimated-wait auto-replies, and idle close of conversations.
// A waiting conversation holds one queue timer, armed for the earliest of its next ladder step,
// its maximum wait and its next position update.
#include <algorithm>
#include <vector>

#include "engine/base/assert.hpp"
#include "engine/core/exclusions.hpp"
#include "engine/core/shard_step.hpp"

namespace switchboard::core {
namespace {

constexpr std::string_view kPositionTemplate = "queue_position";

}  // namespace

void Shard::Step::arm_queue_timer(ConversationId c) {
    Conv& conv = s_.conversations_[c];
    const model::TierSpec& tier = tenant_of(conv).spec->tiers[conv.tier];
    std::optional<base::Time> next;
    const auto consider = [&next](base::Time t) { next = next ? std::min(*next, t) : t; };
    if (tier.max_wait.count() > 0) consider(conv.enqueued_at + tier.max_wait);
    if (conv.ladder_step + 1u < tier.ladder.size()) {
        consider(conv.enqueued_at + tier.ladder[conv.ladder_step + 1].after);
    }
    if (tier.position_update_interval.count() > 0) {
        const auto interval = tier.position_update_interval;
        const auto periods = (now_ - conv.enqueued_at) / interval;
        consider(conv.enqueued_at + (periods + 1) * interval);
    }
    if (next) {
        set_timer(conv.queue_timer, *next, TimerKind::kQueue, c.index);
    } else {
        clear_timer(conv.queue_timer);
    }
}

void Shard::Step::on_queue_timer(ConversationId c) {
    Conv& conv = s_.conversations_[c];
    SB_ASSERT(conv.state == model::ConversationState::kWaiting);
    Tenant& t = tenant_of(conv);
    const model::TierSpec& tier = t.spec->tiers[conv.tier];
    const base::Duration waited = now_ - conv.enqueued_at;
    if (tier.max_wait.count() > 0 && waited >= tier.max_wait) {
        dequeue(c);
        ++s_.stats_.overflows;
        emit(Overflowed{c, tier.overflow});
        close(c, CloseReason::kOverflow);
        return;
    }
    bool widened = false;
    while (conv.ladder_step + 1u < tier.ladder.size() &&
           waited >= tier.ladder[conv.ladder_step + 1].after) {
        t.router.remove_waiting(conv.queue, c.index, conv.tier, conv.ladder_step);
        ++conv.ladder_step;
        t.router.push_waiting(conv.queue, c.index, conv.tier, conv.ladder_step, conv.order_key);
        ++s_.stats_.ladder_widenings;
        widened = true;
    }
    if (widened) {
        try_assign_waiting(c);
        if (conv.state != model::ConversationState::kWaiting) return;
    }
    const base::Duration interval = tier.position_update_interval;
    if (interval.count() > 0 && waited.count() > 0 && waited % interval == base::Duration{0}) {
        send_position_update(c);
    }
    arm_queue_timer(c);
}

void Shard::Step::try_assign_waiting(ConversationId c) {
    Conv& conv = s_.conversations_[c];
    const Choice choice = choose(conv);
    if (!choice.agent) return;
    const model::QueueIndex queue = conv.queue;
    dequeue(c);
    note_served(tenant_of(conv), queue);
    assign(c, *choice.agent, AssignReason::kFromQueue, choice.why);
}

void Shard::Step::send_position_update(ConversationId c) {
    Conv& conv = s_.conversations_[c];
    Tenant& t = tenant_of(conv);
    const std::uint32_t position =
        t.router.waiting(conv.queue)
            .position(c.index, conv.tier, conv.ladder_step, kPositionWalkLimit);
    const QueuePace& pace = t.pace[conv.queue];
    const auto estimate = base::Duration{
        pace.served_once ? static_cast<std::int64_t>(pace.interval_ms * position) : 0};
    ++s_.stats_.position_updates;
    emit(AutoReply{c, kPositionTemplate, position, estimate});
}

void Shard::Step::arm_idle_timer(ConversationId c) {
    Conv& conv = s_.conversations_[c];
    const base::Duration idle = tenant_of(conv).spec->queues[conv.queue].idle_close;
    if (idle.count() == 0) {
        clear_timer(conv.idle_timer);
        return;
    }
    set_timer(conv.idle_timer, conv.last_activity + idle, TimerKind::kIdle, c.index);
}

void Shard::Step::on_idle_timer(ConversationId c) {
    Conv& conv = s_.conversations_[c];
    const base::Duration idle = tenant_of(conv).spec->queues[conv.queue].idle_close;
    if (idle.count() == 0) return;
    // Activity only moves last_activity; the timer catches up lazily instead of being re-armed on
    // every message.
    if (now_ - conv.last_activity >= idle) {
        ++s_.stats_.idle_closes;
        close(c, CloseReason::kIdle);
        return;
    }
    arm_idle_timer(c);
}

}  // namespace switchboard::core
