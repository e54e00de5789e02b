// TimerOracle: the timer-only actions (warnings, escalations, position updates, auto-away and
// restore) and the state reached after each apply().
#include <type_traits>

#include "tests/core/timer_oracle.hpp"

namespace switchboard::testing {
namespace {

std::string ms(base::Time t) { return std::to_string(base::to_ms(t)); }

bool running(model::ReplyStage stage) {
    return stage == model::ReplyStage::kWarn || stage == model::ReplyStage::kDeadline;
}

}  // namespace

void TimerOracle::on_timing(const SeenAction& s) {
    if (const auto* w = std::get_if<core::ReplyWarning>(&s.action)) {
        const auto it = clocks_.find(w->conversation);
        if (it == clocks_.end() || it->second.agent != w->agent || it->second.warn.count() == 0) {
            problem(s.line + ": a warning with no warning due");
            return;
        }
        expect_at(s, it->second.start + it->second.warn, "the warning");
        if (w->deadline != it->second.start + it->second.limit) {
            problem(s.line + ": expected the deadline " + ms(it->second.start + it->second.limit));
        }
    } else if (const auto* e = std::get_if<core::SupervisorEscalation>(&s.action)) {
        const auto it = clocks_.find(e->conversation);
        on_missed(s, e->conversation, it == clocks_.end() ? model::AgentId{} : it->second.agent);
        if (!escalated_.insert(e->conversation).second) problem(s.line + ": escalated twice");
        if (e->missed_hops != hops_[e->conversation]) problem(s.line + ": wrong hop count");
        stalled_.insert(e->conversation);  // the supervisor has it: no reply clock from now on
    } else if (const auto* r = std::get_if<core::AutoReply>(&s.action)) {
        if (r->template_id != "queue_position") return;  // the apology follows an escalation
        const model::Conversation* c = s.conversation ? &*s.conversation : nullptr;
        const base::Duration every =
            c ? spec_.tiers[c->tier].position_update_interval : base::Duration{0};
        if (c == nullptr || !waiting_.contains(r->conversation) || every.count() == 0 ||
            s.at <= c->enqueued_at || (s.at - c->enqueued_at) % every != base::Duration{0}) {
            problem(s.line + ": a position update off its period");
        }
        ++position_updates_[r->conversation];
    } else if (const auto* away = std::get_if<core::AgentAutoAway>(&s.action)) {
        if (away->recent_misses != spec_.auto_away.max_misses) {
            problem(s.line + ": expected " + std::to_string(spec_.auto_away.max_misses));
        }
        auto_away_at_[away->agent] = s.at;
    } else if (const auto* back = std::get_if<core::AgentRestored>(&s.action)) {
        const auto it = auto_away_at_.find(back->agent);
        const auto* status = std::get_if<core::AgentStatusChange>(event_);
        const bool by_agent = status != nullptr && status->agent == s.agent_name && s.at == t_;
        if (it == auto_away_at_.end()) {
            problem(s.line + ": restored without being sent away");
        } else if (!by_agent) {
            expect_at(s, it->second + spec_.auto_away.cooldown, "the cool-down");
        }
        if (it != auto_away_at_.end()) auto_away_at_.erase(it);
    }
}

// --- the state reached -------------------------------------------------------------------------

void TimerOracle::check_ledger() {
    std::set<model::ConversationId> live;
    shard_.for_each_conversation([&](model::ConversationId id, const model::Conversation& c) {
        live.insert(id);
        if (!open_.contains(id))
            problem(std::string(c.name) + ": open, but no action ever reported it");
    });
    for (const auto& [id, name] : open_) {
        if (!live.contains(id)) problem(name + ": lost (neither open nor reported closed)");
    }
    if (shard_.stats().conversations_opened != opened_count_ ||
        shard_.stats().conversations_closed != closed_.size()) {
        problem("stats disagree with the conversations reported opened and closed");
    }
}

void TimerOracle::check_conversation(model::ConversationId id, const model::Conversation& c) {
    switch (c.state) {
        case model::ConversationState::kAssigned:
            if (waiting_.contains(id))
                problem(std::string(c.name) + ": assigned, but never reported so");
            check_reply_clock(id, c);
            break;
        case model::ConversationState::kOffered: {
            const auto it = offers_.find(id);
            if (it == offers_.end() || it->second.agent != c.agent ||
                c.reply_stage != model::ReplyStage::kOffer || c.reply_due != it->second.expires) {
                problem(std::string(c.name) + ": its offer is not the one reported");
            } else if (it->second.expires <= t_) {
                problem(std::string(c.name) + ": offer expiry at " + ms(it->second.expires) +
                        " overdue");
            }
            break;
        }
        case model::ConversationState::kWaiting:
            if (!waiting_.contains(id))
                problem(std::string(c.name) + ": waits, but was never reported queued");
            check_wait(id, c);
            break;
        case model::ConversationState::kUnrouted:
            problem(std::string(c.name) + ": left unrouted");
            break;
    }
    if (const std::optional<base::Time> due = idle_due(id, c); due && *due <= t_) {
        problem(std::string(c.name) + ": idle close due at " + ms(*due) + " overdue");
    }
}

void TimerOracle::check_reply_clock(model::ConversationId id, const model::Conversation& c) {
    auto it = clocks_.find(id);
    if (running(c.reply_stage) && it == clocks_.end()) {
        // A customer message on an answered conversation starts the clock at the event.
        if (!std::holds_alternative<core::CustomerMessage>(*event_) ||
            !event_names_conversation(c.name)) {
            problem(std::string(c.name) + ": a reply clock runs that nothing started");
            return;
        }
        start_clock(id, c.agent, std::string(shard_.agent_name(c.agent)), c, t_);
        it = clocks_.find(id);
        if (it == clocks_.end())
            return problem(std::string(c.name) + ": a reply clock runs with no limit");
    }
    if (!running(c.reply_stage)) {
        if (it != clocks_.end()) {
            if (it->second.start + it->second.limit <= t_) {
                stalled_.insert(id);  // missed with nothing to do: no move, no escalation
                missed_by_[id].insert(it->second.agent_name);
            } else if (!std::holds_alternative<core::AgentReply>(*event_) ||
                       !event_names_conversation(c.name)) {
                problem(std::string(c.name) +
                        ": its reply clock stopped before the deadline, without a reply");
            }
            clocks_.erase(it);
        }
        if (!c.awaiting_reply) stalled_.erase(id);
        const model::SlaPolicy& p = spec_.policy_for(c.tier, c.queue);
        const bool limited = (c.answered_once ? p.next_reply : p.first_reply).count() > 0;
        if (c.awaiting_reply && limited && !c.escalated && !stalled_.contains(id)) {
            problem(std::string(c.name) + ": an unanswered message has no reply clock");
        }
        return;
    }
    const Clock& k = it->second;
    const auto expected_stage = k.warn.count() > 0 && k.start + k.warn > t_
                                    ? model::ReplyStage::kWarn
                                    : model::ReplyStage::kDeadline;
    if (k.agent != c.agent || c.reply_due != k.start + k.limit || c.reply_stage != expected_stage) {
        problem(std::string(c.name) + ": reply clock due " + ms(c.reply_due) + " stage " +
                std::to_string(static_cast<int>(c.reply_stage)) + ", expected due " +
                ms(k.start + k.limit) + " stage " +
                std::to_string(static_cast<int>(expected_stage)));
    }
    if (k.start + k.limit <= t_) problem(std::string(c.name) + ": reply deadline overdue");
}

void TimerOracle::check_wait(model::ConversationId id, const model::Conversation& c) {
    const model::TierSpec& tier = spec_.tiers[c.tier];
    const base::Time since = c.enqueued_at;
    if (since + tier.ladder[c.ladder_step].after > t_) {
        problem(std::string(c.name) + ": at ladder step " + std::to_string(c.ladder_step) +
                " too early");
    }
    if (c.ladder_step + 1u < tier.ladder.size() &&
        since + tier.ladder[c.ladder_step + 1].after <= t_) {
        problem(std::string(c.name) + ": ladder step " + std::to_string(c.ladder_step + 1) +
                " overdue");
    }
    if (tier.max_wait.count() > 0 && since + tier.max_wait <= t_) {
        problem(std::string(c.name) + ": maximum wait overdue");
    }
    const base::Duration every = tier.position_update_interval;
    if (every.count() > 0) {
        const auto expected = static_cast<std::uint32_t>((t_ - since) / every);
        if (position_updates_[id] != expected) {
            problem(std::string(c.name) + ": " + std::to_string(position_updates_[id]) +
                    " position updates since " + ms(since) + ", expected " +
                    std::to_string(expected));
        }
    }
}

void TimerOracle::check_agents() {
    std::map<model::AgentId, base::Time> still_away;
    shard_.for_each_agent([&](model::AgentId a, const model::Agent& agent) {
        if (agent.status != model::AgentStatus::kAutoAway) return;
        const auto it = auto_away_at_.find(a);
        if (it == auto_away_at_.end()) {
            problem(agent.name + ": auto-away, but never reported so");
            return;
        }
        const base::Duration cooldown = spec_.auto_away.cooldown;
        if (cooldown.count() > 0 && it->second + cooldown <= t_) {
            problem(agent.name + ": cool-down overdue since " + ms(it->second + cooldown));
        }
        still_away.insert(*it);
    });
    auto_away_at_ = std::move(still_away);  // whoever came back or left is forgotten
}

}  // namespace switchboard::testing
