// TimerOracle: the action stream of one apply(), action by action.
#include "tests/core/timer_oracle.hpp"

#include <algorithm>
#include <type_traits>

namespace switchboard::testing {
namespace {

std::string ms(base::Time t) { return std::to_string(base::to_ms(t)); }

}  // namespace

TimerOracle::TimerOracle(const core::Shard& shard)
    : shard_(shard),
      spec_(shard.snapshot().tenants.front()),
      t_(shard.now()),
      t_prev_(shard.now()) {}

void TimerOracle::problem(std::string what) { problems_.push_back(std::move(what)); }

bool TimerOracle::event_names_conversation(std::string_view name) const {
    return std::visit(
        [&](const auto& e) {
            if constexpr (requires { e.conversation; }) {
                return e.conversation == name;
            } else {
                return false;
            }
        },
        *event_);
}

std::vector<std::string> TimerOracle::check(const core::Event& event, base::Time t,
                                            const std::vector<SeenAction>& seen) {
    event_ = &event;
    t_ = t;
    problems_.clear();
    base::Time last = t_prev_;
    for (const SeenAction& s : seen) {
        // At the event's own time, or at a timer deadline after the previous apply().
        if (s.at > t_ || (s.at < t_ && s.at <= t_prev_)) {
            problem(s.line + ": acted at " + ms(s.at) + ", outside (" + ms(t_prev_) + ", " +
                    ms(t_) + "]");
        }
        if (s.at < last) problem(s.line + ": acted at " + ms(s.at) + ", before the previous one");
        last = s.at;
        on_action(s);
    }
    check_ledger();
    shard_.for_each_conversation(
        [&](model::ConversationId id, const model::Conversation& c) { check_conversation(id, c); });
    check_agents();
    t_prev_ = t_;
    return problems_;
}

void TimerOracle::on_action(const SeenAction& s) {
    std::visit(
        [&](const auto& a) {
            if constexpr (requires { a.conversation; }) {
                if (closed_.contains(a.conversation)) {
                    problem(s.line + ": about a conversation already reported closed");
                } else if (!open_.contains(a.conversation) && s.conversation) {
                    open_[a.conversation] = s.conversation_name;
                    idle_rule_[a.conversation] = {spec_.queues[s.conversation->queue].idle_close,
                                                  base::Time::min()};
                    ++opened_count_;
                }
            }
        },
        s.action);
    if (const auto* a = std::get_if<core::Assigned>(&s.action)) {
        on_assigned(s, *a);
    } else if (const auto* o = std::get_if<core::Offered>(&s.action)) {
        on_offered(s, *o);
    } else if (const auto* q = std::get_if<core::Queued>(&s.action)) {
        waiting_.insert(q->conversation);
        position_updates_[q->conversation] = 0;
        if (s.conversation && s.conversation->enqueued_at != s.at) {
            problem(s.line + ": the wait does not start when it is queued");
        }
    } else if (const auto* u = std::get_if<core::Unassigned>(&s.action)) {
        on_unassigned(s, *u);
    } else if (const auto* c = std::get_if<core::Closed>(&s.action)) {
        on_closed(s, *c);
    } else {
        on_timing(s);
    }
}

void TimerOracle::expect_at(const SeenAction& s, base::Time due, const std::string& what) {
    if (s.at != due) {
        problem(s.line + ": " + what + " due at " + ms(due) + ", acted at " + ms(s.at));
    }
}

void TimerOracle::may_get_it(const SeenAction& s, model::ConversationId c) {
    const auto handed = handed_over_by_.find(c);
    const bool handed_back = handed != handed_over_by_.end() && handed->second == s.agent_name;
    if (handed != handed_over_by_.end()) handed_over_by_.erase(handed);  // someone takes it now
    const auto* transfer = std::get_if<core::Transfer>(event_);
    if (transfer != nullptr && !transfer->to_agent.empty() && transfer->to_agent == s.agent_name) {
        return;  // a supervisor's explicit choice
    }
    const auto missed = missed_by_.find(c);
    if (missed != missed_by_.end() && missed->second.contains(s.agent_name)) {
        problem(s.line + ": back to an agent who missed it before");
    }
    if (handed_back) problem(s.line + ": back to the agent who just transferred it away");
}

void TimerOracle::start_clock(model::ConversationId c, model::AgentId a, std::string name,
                              const model::Conversation& conv, base::Time at) {
    const model::SlaPolicy& p = spec_.policy_for(conv.tier, conv.queue);
    const base::Duration limit = conv.answered_once ? p.next_reply : p.first_reply;
    if (limit.count() == 0 || conv.escalated) {
        clocks_.erase(c);
        return;
    }
    const auto warn = base::Duration{
        static_cast<std::int64_t>(static_cast<double>(limit.count()) * p.warn_fraction)};
    clocks_[c] =
        Clock{a, std::move(name), at, limit, p.warn_fraction > 0.0 ? warn : base::Duration{0}};
}

void TimerOracle::on_assigned(const SeenAction& s, const core::Assigned& a) {
    const model::ConversationId c = a.conversation;
    if (s.accepted) {
        if (s.at != t_) problem(s.line + ": an accept confirmed outside its event");
    } else {
        may_get_it(s, c);
    }
    waiting_.erase(c);
    offers_.erase(c);
    stalled_.erase(c);
    if (s.conversation && s.conversation->awaiting_reply) {
        start_clock(c, a.agent, s.agent_name, *s.conversation, s.at);
    } else {
        clocks_.erase(c);
    }
}

void TimerOracle::on_offered(const SeenAction& s, const core::Offered& o) {
    may_get_it(s, o.conversation);
    waiting_.erase(o.conversation);
    clocks_.erase(o.conversation);
    stalled_.erase(o.conversation);
    if (s.conversation) {
        const base::Duration timeout = spec_.queues[s.conversation->queue].accept_timeout;
        if (o.expires_at != s.at + timeout) {
            problem(s.line + ": expected to expire at " + ms(s.at + timeout));
        }
    }
    offers_[o.conversation] = Offer{o.agent, s.agent_name, o.expires_at};
}

void TimerOracle::on_missed(const SeenAction& s, model::ConversationId c, model::AgentId a) {
    const auto it = clocks_.find(c);
    if (it == clocks_.end() || it->second.agent != a) {
        problem(s.line + ": a missed reply with no reply clock running for that agent");
    } else {
        expect_at(s, it->second.start + it->second.limit, "the reply deadline");
    }
    missed_by_[c].insert(it == clocks_.end() ? s.agent_name : it->second.agent_name);
    clocks_.erase(c);
}

void TimerOracle::on_unassigned(const SeenAction& s, const core::Unassigned& u) {
    const model::ConversationId c = u.conversation;
    switch (u.reason) {
        case core::UnassignReason::kMissedReply: {
            on_missed(s, c, u.agent);
            const std::uint32_t allowed =
                s.conversation ? spec_.policy_for(s.conversation->tier, s.conversation->queue)
                                     .max_reassignments
                               : 0;
            if (++hops_[c] > allowed) problem(s.line + ": more hops than max_reassignments");
            break;
        }
        case core::UnassignReason::kOfferTimeout: {
            const auto it = offers_.find(c);
            if (it == offers_.end() || it->second.agent != u.agent) {
                problem(s.line + ": an offer expired that was not made");
            } else {
                expect_at(s, it->second.expires, "the offer's expiry");
            }
            missed_by_[c].insert(s.agent_name);
            break;
        }
        case core::UnassignReason::kTransfer: {
            const auto* transfer = std::get_if<core::Transfer>(event_);
            if (transfer != nullptr && !transfer->to_skills.empty()) {
                handed_over_by_[c] = s.agent_name;
            }
            [[fallthrough]];
        }
        case core::UnassignReason::kLogout:
            if (s.at != t_) problem(s.line + ": moved outside its event");
            break;
        case core::UnassignReason::kAutoAway:
            break;
    }
    clocks_.erase(c);
    offers_.erase(c);
    stalled_.erase(c);
}

void TimerOracle::on_closed(const SeenAction& s, const core::Closed& closed) {
    const model::ConversationId c = closed.conversation;
    const std::string name = s.conversation ? s.conversation_name : "?";
    const bool by_event = s.at == t_ && event_names_conversation(name);
    switch (closed.reason) {
        case core::CloseReason::kRequested:
            if (!by_event) problem(s.line + ": closed on request without a close event");
            break;
        case core::CloseReason::kIdle:
            if (s.conversation) {
                const std::optional<base::Time> due = idle_due(c, *s.conversation);
                if (due) expect_at(s, *due, "the idle close");
                if (!due) problem(s.line + ": idle close in a queue that has none");
            }
            break;
        case core::CloseReason::kOverflow:
            // Turned away by a full queue when its event routed it, else its maximum wait ran out.
            if (!by_event && s.conversation) {
                const model::TierSpec& tier = spec_.tiers[s.conversation->tier];
                if (!waiting_.contains(c) || tier.max_wait.count() == 0) {
                    problem(s.line + ": overflowed neither by its event nor after waiting");
                }
                expect_at(s, s.conversation->enqueued_at + tier.max_wait, "the maximum wait");
            }
            break;
    }
    open_.erase(c);
    closed_.insert(c);
    clocks_.erase(c);
    offers_.erase(c);
    waiting_.erase(c);
    stalled_.erase(c);
    position_updates_.erase(c);
    idle_rule_.erase(c);
    handed_over_by_.erase(c);
}

std::optional<base::Time> TimerOracle::idle_due(model::ConversationId id,
                                                const model::Conversation& c) {
    const base::Duration idle = spec_.queues[c.queue].idle_close;
    auto& [rule, since] = idle_rule_[id];
    if (rule != idle) {  // transferred in this step, at the event's time
        rule = idle;
        since = t_;
    }
    if (idle.count() == 0) return std::nullopt;
    return std::max(c.last_activity + idle, since);
}

}  // namespace switchboard::testing
