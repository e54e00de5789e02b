// ConnectionDriver: what arrives from the server, and how this connection's agents and the
// customers of the conversations they hold answer it.
#include <algorithm>
#include <variant>

#include "engine/core/actions.hpp"

#include "tools/loadgen_connection.hpp"

namespace switchboard::tools {
namespace {

using runtime::DeliveryKind;
using runtime::NoticeKind;

bool is_race(core::RejectReason r) {
    // A reply, accept or close that crossed a reassignment, an offer timeout or a close.
    return r == core::RejectReason::kNotAssignedToAgent ||
           r == core::RejectReason::kConversationClosed ||
           r == core::RejectReason::kUnknownConversation || r == core::RejectReason::kNotOffered;
}

}  // namespace

void ConnectionDriver::handle(net::ServerMessage& message, Clock::time_point now) {
    if (auto* d = std::get_if<net::DeliveryFrame>(&message)) {
        on_delivery(d->agent, d->delivery, now, true);
    } else if (auto* n = std::get_if<runtime::Notice>(&message)) {
        on_notice(*n, now);
    } else if (auto* p = std::get_if<net::Pong>(&message)) {
        const Correlation c = decode(p->correlation);
        if (c.cause == Cause::kSync)
            sync_seen_ = std::max(sync_seen_, static_cast<std::uint32_t>(c.id));
    } else if (auto* e = std::get_if<net::ErrorFrame>(&message)) {
        ++stats_.protocol_errors;
        const std::string text =
            "server error " + std::string(net::to_string(e->code)) + ": " + e->message;
        if (e->closing) {
            fail(text);
        } else {
            stats_.note_error("connection " + std::to_string(index_) + ": " + text);
        }
    }
}

void ConnectionDriver::on_delivery(const std::string& agent_name, const runtime::Delivery& d,
                                   Clock::time_point now, bool sequenced) {
    const auto global = plan_.agent_of(agent_name);
    if (!global || *global < first_agent_ || *global - first_agent_ >= acked_.size()) {
        ++stats_.foreign;
        return;
    }
    const std::uint32_t agent = *global - first_agent_;
    ++stats_.deliveries[static_cast<std::size_t>(d.kind)];
    if (sequenced) {
        if (seq_.check(agent, d.seq) == SequenceCheck::Seq::kDuplicate) return;
        if (!is_dirty_[agent]) {
            is_dirty_[agent] = true;
            dirty_.push_back(agent);
        }
    }
    if (d.kind == DeliveryKind::kAutoAway || d.kind == DeliveryKind::kRestored ||
        d.kind == DeliveryKind::kReplyWarning) {
        return;
    }
    const auto slot = plan_.slot_of(d.conversation);
    if (!slot) {
        ++stats_.foreign;
        return;
    }
    switch (d.kind) {
        case DeliveryKind::kAssigned:
            return on_assigned(agent, *slot, d, now);
        case DeliveryKind::kOffered:
            return on_offered(agent, *slot, d, now);
        case DeliveryKind::kUnassigned: {
            ledger_.unassigned(*slot);
            const auto it = held_.find(*slot);
            if (it != held_.end() && it->second.agent == agent) held_.erase(it);
            return;
        }
        case DeliveryKind::kCustomerMessage:
            return on_relayed(agent, *slot, d, now);
        default:
            return;
    }
}

void ConnectionDriver::on_assigned(std::uint32_t agent, std::uint64_t slot,
                                   const runtime::Delivery& d, Clock::time_point now) {
    auto it = held_.find(slot);
    if (it != held_.end() && it->second.offered && it->second.agent == agent) {
        // The answer to our accept_offer: the offer counted as the routing already.
        ledger_.accepted(slot);
        ++stats_.accepted;
        it->second.offered = false;
    } else {
        const auto reason = static_cast<core::AssignReason>(d.reason);
        ledger_.routed(slot, reason == core::AssignReason::kNew);
        if (d.reason < stats_.assign_reasons.size()) ++stats_.assign_reasons[d.reason];
        run_.live[index_].routed.fetch_add(1, std::memory_order_relaxed);
        const Correlation cause = decode(d.correlation);
        const std::int64_t sent_ns = ledger_.opened_at_ns(slot);
        if (cause.cause == Cause::kOpen && cause.id == slot && sent_ns != 0) {
            stats_.routing.record(ns(now) - sent_ns);
        }
        it = held_.insert_or_assign(slot, Held{agent, ++next_token_, false, false}).first;
    }
    if (active_ && !silent(agent)) schedule(Step::kReply, slot, it->second, now);
}

void ConnectionDriver::on_offered(std::uint32_t agent, std::uint64_t slot,
                                  const runtime::Delivery& d, Clock::time_point now) {
    const Correlation cause = decode(d.correlation);
    const bool from_open = cause.cause == Cause::kOpen && cause.id == slot;
    ledger_.routed(slot, from_open);
    ++stats_.offers;
    run_.live[index_].routed.fetch_add(1, std::memory_order_relaxed);
    const std::int64_t sent_ns = ledger_.opened_at_ns(slot);
    if (from_open && sent_ns != 0) stats_.routing.record(ns(now) - sent_ns);
    Held& held =
        held_.insert_or_assign(slot, Held{agent, ++next_token_, true, false}).first->second;
    if (active_ && !silent(agent)) schedule(Step::kAccept, slot, held, now);
}

void ConnectionDriver::on_relayed(std::uint32_t agent, std::uint64_t slot,
                                  const runtime::Delivery& d, Clock::time_point now) {
    const Correlation cause = decode(d.correlation);
    if (cause.cause == Cause::kFollowUp && cause.id == slot) {
        ledger_.relayed(slot);
        // The stamp is stored before the follow-up is sent; 0 would only mean it is not yet
        // visible to this thread, which the socket round trip in between rules out in practice.
        const std::int64_t sent_ns = ledger_.follow_up_at_ns(slot);
        if (sent_ns != 0) stats_.relay.record(ns(now) - sent_ns);
    }
    const auto it = held_.find(slot);
    if (it == held_.end() || it->second.agent != agent) return;
    if (active_ && !silent(agent)) schedule(Step::kReply, slot, it->second, now);
}

void ConnectionDriver::on_notice(const runtime::Notice& n, Clock::time_point now) {
    if (static_cast<std::size_t>(n.kind) < stats_.notices.size()) {
        ++stats_.notices[static_cast<std::size_t>(n.kind)];
    }
    if (n.kind == NoticeKind::kRejected) return on_rejected(n);
    if (n.kind == NoticeKind::kOutboxOverflow) {
        // Not sequenced and not held by the server: it counts, but is neither checked nor acked.
        ++stats_.outbox_overflows;
        return on_delivery(n.agent, n.delivery, now, false);
    }
    if (n.conversation.empty()) return;  // auto-away / restored notices for supervisors
    const auto slot = plan_.slot_of(n.conversation);
    if (!slot) {
        ++stats_.foreign;
        return;
    }
    if (n.kind == NoticeKind::kQueued) ledger_.queued(*slot);
    if (n.kind == NoticeKind::kOverflowed) ledger_.overflowed(*slot);
    if (n.kind == NoticeKind::kClosed) {
        (void)ledger_.closed(*slot);
        held_.erase(*slot);
    }
}

void ConnectionDriver::on_rejected(const runtime::Notice& n) {
    const Correlation c = decode(n.correlation);
    const auto reason = static_cast<core::RejectReason>(n.reason);
    const std::string what =
        n.text + " refused (" + std::string(core::to_string(reason)) + "): " + n.detail;
    if (c.cause == Cause::kOpen && ledger_.contains(c.id)) {
        (void)ledger_.open_rejected(c.id);
        if (reason == core::RejectReason::kLimitReached) {
            ++stats_.refused_opens;
            return;
        }
    } else if (c.cause == Cause::kLogin) {
        // The agents cannot work: the config does not match what the plan asks for.
        ++stats_.unexpected_rejections;
        return fail(what);
    } else if (c.cause != Cause::kNone && c.cause != Cause::kLogout && is_race(reason)) {
        ++stats_.stale_rejections;
        return;
    }
    ++stats_.unexpected_rejections;
    stats_.note_error("connection " + std::to_string(index_) + ": " + what);
}

void ConnectionDriver::schedule(Step step, std::uint64_t slot, Held& held, Clock::time_point now) {
    if (step == Step::kReply) {
        if (held.reply_pending) return;
        held.reply_pending = true;
    }
    timers_.push(Timer{now + plan_.reply_delay.sample(rng_), step, slot, held.token});
}

void ConnectionDriver::run_timers(Clock::time_point now) {
    while (!timers_.empty() && timers_.top().due <= now) {
        const Timer timer = timers_.top();
        timers_.pop();
        const auto it = held_.find(timer.slot);
        if (it == held_.end() || it->second.token != timer.token) continue;
        if (ledger_.finished(timer.slot)) {  // closed, seen by another connection
            held_.erase(it);
            continue;
        }
        fire(timer, it->second, now);
    }
}

void ConnectionDriver::fire(const Timer& timer, Held& held, Clock::time_point now) {
    const std::string id = plan_.conversation_id(timer.slot);
    switch (timer.step) {
        case Step::kAccept:
            if (!held.offered) return;
            send_event(core::AcceptOffer{plan_.tenant, agent_names_[held.agent], id}, "",
                       Correlation{Cause::kAccept, timer.slot, 0});
            ++stats_.accepts;
            return;
        case Step::kReply:
            held.reply_pending = false;
            return reply(timer.slot, held, now);
        case Step::kFollowUp: {
            const std::uint32_t number = ledger_.follow_ups_sent(timer.slot) + 1;
            ledger_.follow_up_sent(timer.slot, ns(now));
            send_event(core::CustomerMessage{plan_.tenant, id, "", "", {}},
                       "One more question, please",
                       Correlation{Cause::kFollowUp, timer.slot, number});
            ++stats_.follow_ups;
            return;
        }
    }
}

// The agent answers; the customer then asks again after a while, or the conversation closes.
void ConnectionDriver::reply(std::uint64_t slot, Held& held, Clock::time_point now) {
    const std::string id = plan_.conversation_id(slot);
    // A fresh hash per reply: the canned-reply guard must not mistake the load for spam.
    send_event(core::AgentReply{plan_.tenant, agent_names_[held.agent], id, false, rng_()}, "",
               Correlation{Cause::kReply, slot, 0});
    ++stats_.replies;
    if (ledger_.follow_ups_sent(slot) < plan_.follow_ups) {
        timers_.push(
            Timer{now + plan_.reply_delay.sample(rng_), Step::kFollowUp, slot, held.token});
        return;
    }
    send_event(core::CloseConversation{plan_.tenant, id}, "", Correlation{Cause::kClose, slot, 0});
    ++stats_.closes;
}

void ConnectionDriver::send_event(core::Event event, std::string payload, Correlation cause) {
    client_->send(runtime::Submission{std::move(event), std::move(payload), encode(cause)});
}

void ConnectionDriver::send_acks() {
    for (const std::uint32_t a : dirty_) {
        client_->send(net::Ack{plan_.tenant, agent_names_[a], seq_.last(a), 0});
        acked_[a] = seq_.last(a);
        is_dirty_[a] = false;
        ++stats_.acks;
    }
    dirty_.clear();
}

}  // namespace switchboard::tools
