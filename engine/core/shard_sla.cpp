// Shard::Step timers (DESIGN.md §4): reply deadlines with warning, reassignment, escalation and
// auto-away; offer expiry; waiting-queue ladder steps, maximum wait and position updates; idle
// close. Every timer lives in the shard's timing wheel; its cookie names the kind and the slot of
// the conversation or agent, and a timer only acts if that record still holds its id.
#include <algorithm>

#include "engine/base/assert.hpp"
#include "engine/core/exclusions.hpp"
#include "engine/core/shard_step.hpp"

namespace switchboard::core {

std::uint64_t timer_cookie(TimerKind kind, std::uint32_t index) noexcept {
    return (static_cast<std::uint64_t>(kind) << 32) | index;
}

void Shard::Step::fire_due_timers() {
    s_.wheel_.advance(event_now_, [this](base::TimerId id, std::uint64_t cookie, base::Time due) {
        // Act at the timer's own millisecond, however coarse the caller's ticks.
        now_ = due;
        s_.action_time_ = due;
        ++s_.stats_.timers_fired;
        on_timer(id, cookie);
    });
    now_ = event_now_;
    s_.action_time_ = event_now_;
}

void Shard::Step::set_timer(base::TimerId& slot, base::Time at, TimerKind kind,
                            std::uint32_t index) {
    if (slot.valid() && s_.wheel_.rearm(slot, at)) return;
    const std::optional<base::TimerId> id = s_.wheel_.arm(at, timer_cookie(kind, index));
    SB_ASSERT(id.has_value());  // the wheel is sized for every record's timers
    slot = *id;
}

void Shard::Step::clear_timer(base::TimerId& slot) {
    if (slot.valid()) s_.wheel_.cancel(slot);
    slot = base::TimerId{};
}

void Shard::Step::on_timer(base::TimerId id, std::uint64_t cookie) {
    const auto kind = static_cast<TimerKind>(cookie >> 32);
    const auto index = static_cast<std::uint32_t>(cookie);
    if (kind == TimerKind::kCooldown) {
        const std::optional<AgentId> a = s_.agents_.handle_at(index);
        if (!a || s_.agents_[*a].cooldown_timer != id) return;
        s_.agents_[*a].cooldown_timer = base::TimerId{};  // its id goes stale after this call
        on_cooldown(*a);
        return;
    }
    const std::optional<ConversationId> c = s_.conversations_.handle_at(index);
    if (!c) return;
    Conv& conv = s_.conversations_[*c];
    base::TimerId* slot = kind == TimerKind::kReply   ? &conv.reply_timer
                          : kind == TimerKind::kQueue ? &conv.queue_timer
                                                      : &conv.idle_timer;
    if (*slot != id) return;
    *slot = base::TimerId{};
    switch (kind) {
        case TimerKind::kReply:
            on_reply_timer(*c);
            break;
        case TimerKind::kQueue:
            on_queue_timer(*c);
            break;
        case TimerKind::kIdle:
            on_idle_timer(*c);
            break;
        case TimerKind::kCooldown:
            break;
    }
}

void Shard::Step::cancel_timers(Conv& conv) {
    clear_timer(conv.reply_timer);
    clear_timer(conv.queue_timer);
    clear_timer(conv.idle_timer);
    conv.reply_stage = model::ReplyStage::kNone;
}

// --- reply clock ---------------------------------------------------------------------------

void Shard::Step::arm_reply_clock(ConversationId c) {
    Conv& conv = s_.conversations_[c];
    SB_ASSERT(conv.state == model::ConversationState::kAssigned);
    const model::SlaPolicy& policy = tenant_of(conv).spec->policy_for(conv.tier, conv.queue);
    const base::Duration limit = conv.answered_once ? policy.next_reply : policy.first_reply;
    if (limit.count() == 0 || conv.escalated) {
        stop_reply_clock(conv);
        return;
    }
    // The agent's deadline runs from the later of the customer's message and the moment the
    // agent got the conversation; every caller is at that later moment now.
    conv.reply_due = now_ + limit;
    const auto warn_after = base::Duration{
        static_cast<std::int64_t>(static_cast<double>(limit.count()) * policy.warn_fraction)};
    if (policy.warn_fraction > 0.0 && warn_after.count() > 0) {
        conv.reply_stage = model::ReplyStage::kWarn;
        set_timer(conv.reply_timer, now_ + warn_after, TimerKind::kReply, c.index);
    } else {
        conv.reply_stage = model::ReplyStage::kDeadline;
        set_timer(conv.reply_timer, conv.reply_due, TimerKind::kReply, c.index);
    }
}

void Shard::Step::stop_reply_clock(Conv& conv) {
    clear_timer(conv.reply_timer);
    conv.reply_stage = model::ReplyStage::kNone;
}

void Shard::Step::on_reply_timer(ConversationId c) {
    Conv& conv = s_.conversations_[c];
    switch (conv.reply_stage) {
        case model::ReplyStage::kWarn:
            ++s_.stats_.reply_warnings;
            emit(ReplyWarning{c, conv.agent, conv.reply_due});
            conv.reply_stage = model::ReplyStage::kDeadline;
            set_timer(conv.reply_timer, conv.reply_due, TimerKind::kReply, c.index);
            return;
        case model::ReplyStage::kDeadline:
            conv.reply_stage = model::ReplyStage::kNone;
            on_reply_missed(c);
            return;
        case model::ReplyStage::kOffer:
            conv.reply_stage = model::ReplyStage::kNone;
            on_offer_expired(c);
            return;
        case model::ReplyStage::kNone:
            return;
    }
}

void Shard::Step::on_reply_missed(ConversationId c) {
    Conv& conv = s_.conversations_[c];
    const AgentId a = conv.agent;
    const model::SlaPolicy& policy = tenant_of(conv).spec->policy_for(conv.tier, conv.queue);
    ++s_.stats_.reply_misses;
    exclusions_of(conv).missed_by.push_back(s_.agents_[a].name);
    if (policy.reassign_on_miss && conv.missed_hops < policy.max_reassignments) {
        ++conv.missed_hops;
        ++s_.stats_.reassignments;
        emit(Unassigned{c, a, UnassignReason::kMissedReply});
        release(c);
        // It has waited long enough already: back at the head, to anyone but who missed it.
        s_.conversations_[c].ladder_step = 0;  // a put-back restarts its ladder
        route(c, AssignReason::kMissedReply, reserve_head_keys(1));
    } else if (policy.escalate_to_supervisor && !conv.escalated) {
        conv.escalated = true;
        ++s_.stats_.escalations;
        emit(SupervisorEscalation{c, conv.missed_hops});
        if (!policy.apology_template.empty()) {
            emit(AutoReply{c, policy.apology_template, 0, base::Duration{0}});
        }
    }
    count_miss(a);
    if (s_.agents_.contains(a)) drain(a);
}

void Shard::Step::on_offer_expired(ConversationId c) {
    Conv& conv = s_.conversations_[c];
    const AgentId a = conv.agent;
    ++s_.stats_.offers_expired;
    ++s_.stats_.reassignments;
    exclusions_of(conv).missed_by.push_back(s_.agents_[a].name);
    emit(Unassigned{c, a, UnassignReason::kOfferTimeout});
    release(c);
    s_.conversations_[c].ladder_step = 0;  // a put-back restarts its ladder
    route(c, AssignReason::kOfferExpired, reserve_head_keys(1));
    count_miss(a);
    drain(a);
}

// --- auto-away -----------------------------------------------------------------------------

void Shard::Step::count_miss(AgentId a) {
    model::Agent& agent = s_.agents_[a];
    ++agent.misses_total;
    const model::AutoAwayPolicy& policy = tenant_of(agent).spec->auto_away;
    if (policy.max_misses == 0) return;
    auto& recent = agent.recent_misses;
    recent.push_back(now_);
    const auto outside = [&](base::Time t) { return now_ - t >= policy.window; };
    recent.erase(recent.begin(), std::find_if_not(recent.begin(), recent.end(), outside));
    if (recent.size() > policy.max_misses) recent.erase(recent.begin());
    if (recent.size() >= policy.max_misses && agent.status != model::AgentStatus::kAutoAway) {
        send_auto_away(a);
    }
}

void Shard::Step::send_auto_away(AgentId a) {
    model::Agent& agent = s_.agents_[a];
    const model::AutoAwayPolicy& policy = tenant_of(agent).spec->auto_away;
    const auto misses = static_cast<std::uint32_t>(agent.recent_misses.size());
    agent.status = model::AgentStatus::kAutoAway;
    agent.recent_misses.clear();
    tenant_of(agent).router.refresh(agent);
    ++s_.stats_.auto_aways;
    emit(AgentAutoAway{a, misses});
    requeue_all(a, UnassignReason::kAutoAway);
    if (policy.cooldown.count() > 0) {
        set_timer(s_.agents_[a].cooldown_timer, now_ + policy.cooldown, TimerKind::kCooldown,
                  a.index);
    }
}

void Shard::Step::on_cooldown(AgentId a) {
    if (s_.agents_[a].status == model::AgentStatus::kAutoAway) restore(a);
}

void Shard::Step::restore(AgentId a) {
    model::Agent& agent = s_.agents_[a];
    const bool was_auto_away = agent.status == model::AgentStatus::kAutoAway;
    agent.status = model::AgentStatus::kAvailable;
    agent.idle_since = now_;
    clear_timer(agent.cooldown_timer);
    tenant_of(agent).router.refresh(agent);
    if (was_auto_away) emit(AgentRestored{a});
    drain(a);
}

}  // namespace switchboard::core
