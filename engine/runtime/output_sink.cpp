#include "engine/runtime/output_sink.hpp"

#include <type_traits>
#include <variant>

#include "engine/runtime/placement.hpp"

namespace switchboard::runtime {

Notice& NoticeBuffer::next() {
    if (size_ == items_.size()) items_.emplace_back();
    Notice& n = items_[size_++];
    n.reason = 0;
    n.number = 0;
    n.estimated_wait = base::Duration{0};
    n.conversation.clear();
    n.agent.clear();
    n.text.clear();
    n.detail.clear();
    return n;
}

OutputSink::OutputSink(const core::Shard& shard, OutboxTable& outboxes, NoticeBuffer& notices)
    : shard_(&shard), outboxes_(&outboxes), notices_(&notices) {}

void OutputSink::begin(const Submission* cause, std::uint32_t gateway) noexcept {
    cause_ = cause;
    gateway_ = gateway;
    message_ = cause == nullptr ? nullptr : std::get_if<core::CustomerMessage>(&cause->event);
    payload_carried_ = false;
}

std::string_view OutputSink::tenant_id(model::TenantIndex tenant) const {
    return shard_->snapshot().tenants[tenant].id;
}

std::uint64_t OutputSink::correlation() const noexcept {
    return cause_ == nullptr ? 0 : cause_->correlation;
}

Notice& OutputSink::notice(NoticeKind kind, model::TenantIndex tenant) {
    return notice(kind, tenant_id(tenant));
}

Notice& OutputSink::notice(NoticeKind kind, std::string_view tenant) {
    Notice& n = notices_->next();
    n.kind = kind;
    n.gateway = gateway_;
    n.origin = cause_ == nullptr ? 0 : cause_->origin;
    n.at = shard_->action_time();
    n.correlation = correlation();
    n.tenant.assign(tenant);
    ++counters_.notices;
    return n;
}

Delivery& OutputSink::deliver(core::AgentId agent, DeliveryKind kind,
                              std::string_view conversation) {
    const model::Agent* record = shard_->agent(agent);
    SB_ASSERT(record != nullptr);  // actions name live agents
    Outbox* box = outboxes_->outbox_for(*shard_, agent);
    Delivery* d = box == nullptr ? nullptr : outboxes_->reserve(*box);
    if (d == nullptr) {
        Notice& n = notice(NoticeKind::kOutboxOverflow, record->tenant);
        n.agent.assign(record->name);
        n.conversation.assign(conversation);
        n.delivery.seq = 0;  // never sequenced: it is not in the outbox
        d = &n.delivery;
        ++counters_.outbox_overflows;
    } else {
        ++counters_.deliveries;
    }
    d->kind = kind;
    d->reason = 0;
    d->number = 0;
    d->at = shard_->action_time();
    d->deadline = base::Time{};
    d->correlation = correlation();
    d->conversation.assign(conversation);
    d->payload.clear();
    return *d;
}

void OutputSink::attach_payload(Delivery& d, std::string_view conversation) {
    if (message_ == nullptr || payload_carried_ || message_->conversation != conversation) return;
    d.payload.assign(cause_->payload);
    payload_carried_ = true;
}

void OutputSink::relay_message() {
    if (message_ == nullptr || payload_carried_) return;
    const auto id = shard_->find_conversation(message_->tenant, message_->conversation);
    if (!id) return;  // rejected, or closed in the same step
    const model::Conversation* c = shard_->conversation(*id);
    if (c == nullptr || c->state != model::ConversationState::kAssigned) return;
    Delivery& d = deliver(c->agent, DeliveryKind::kCustomerMessage, c->name);
    d.payload.assign(cause_->payload);
    payload_carried_ = true;
}

struct OutputSink::Visitor {
    OutputSink& out;

    std::string_view name(core::ConversationId c) const { return out.shard_->conversation_name(c); }
    model::TenantIndex tenant(core::ConversationId c) const {
        const model::Conversation* rec = out.shard_->conversation(c);
        SB_ASSERT(rec != nullptr);
        return rec->tenant;
    }
    model::TenantIndex agent_tenant(core::AgentId a) const {
        const model::Agent* rec = out.shard_->agent(a);
        SB_ASSERT(rec != nullptr);
        return rec->tenant;
    }

    void operator()(const core::Assigned& a) {
        Delivery& d = out.deliver(a.agent, DeliveryKind::kAssigned, name(a.conversation));
        d.reason = static_cast<std::uint8_t>(a.reason);
        out.attach_payload(d, d.conversation);
        ++out.counters_.assigned;
    }
    void operator()(const core::Offered& o) {
        Delivery& d = out.deliver(o.agent, DeliveryKind::kOffered, name(o.conversation));
        d.deadline = o.expires_at;
        out.attach_payload(d, d.conversation);
    }
    void operator()(const core::Unassigned& u) {
        Delivery& d = out.deliver(u.agent, DeliveryKind::kUnassigned, name(u.conversation));
        d.reason = static_cast<std::uint8_t>(u.reason);
    }
    void operator()(const core::ReplyWarning& w) {
        Delivery& d = out.deliver(w.agent, DeliveryKind::kReplyWarning, name(w.conversation));
        d.deadline = w.deadline;
    }
    void operator()(const core::AgentAutoAway& a) {
        out.deliver(a.agent, DeliveryKind::kAutoAway, {}).number = a.recent_misses;
        Notice& n = out.notice(NoticeKind::kAgentAutoAway, agent_tenant(a.agent));
        n.agent.assign(out.shard_->agent_name(a.agent));
        n.number = a.recent_misses;
    }
    void operator()(const core::AgentRestored& r) {
        out.deliver(r.agent, DeliveryKind::kRestored, {});
        Notice& n = out.notice(NoticeKind::kAgentRestored, agent_tenant(r.agent));
        n.agent.assign(out.shard_->agent_name(r.agent));
    }
    void operator()(const core::Queued& q) {
        Notice& n = out.notice(NoticeKind::kQueued, tenant(q.conversation));
        n.conversation.assign(name(q.conversation));
        n.number = q.position;
    }
    void operator()(const core::Closed& c) {
        Notice& n = out.notice(NoticeKind::kClosed, tenant(c.conversation));
        n.conversation.assign(name(c.conversation));
        n.reason = static_cast<std::uint8_t>(c.reason);
    }
    void operator()(const core::SupervisorEscalation& e) {
        Notice& n = out.notice(NoticeKind::kEscalated, tenant(e.conversation));
        n.conversation.assign(name(e.conversation));
        n.number = e.missed_hops;
    }
    void operator()(const core::AutoReply& a) {
        Notice& n = out.notice(NoticeKind::kAutoReply, tenant(a.conversation));
        n.conversation.assign(name(a.conversation));
        n.text.assign(a.template_id);
        n.number = a.position;
        n.estimated_wait = a.estimated_wait;
    }
    void operator()(const core::Overflowed& o) {
        Notice& n = out.notice(NoticeKind::kOverflowed, tenant(o.conversation));
        n.conversation.assign(name(o.conversation));
        n.reason = static_cast<std::uint8_t>(o.action);
    }
    void operator()(const core::Rejected& r) { out.reject(r); }
};

void OutputSink::reject(const core::Rejected& r) {
    // A rejected event may name a tenant the shard does not know: take the id from the event.
    const std::string_view tenant =
        cause_ == nullptr ? std::string_view{} : event_tenant(cause_->event).value_or("");
    Notice& n = notice(NoticeKind::kRejected, tenant);
    n.reason = static_cast<std::uint8_t>(r.reason);
    n.text.assign(r.event);
    n.detail.assign(r.detail);
    ++counters_.rejected;
}

void OutputSink::on_action(const core::Action& action) { std::visit(Visitor{*this}, action); }

}  // namespace switchboard::runtime
