// Shard::Step handlers for conversation events: customer messages, replies, accepts, transfers
// and closes.
#include <string>

#include "engine/base/assert.hpp"
#include "engine/core/shard_step.hpp"

namespace switchboard::core {
namespace {

constexpr std::string_view kMessage = "customer_message";
constexpr std::string_view kReply = "agent_reply";
constexpr std::string_view kAccept = "accept_offer";
constexpr std::string_view kTransfer = "transfer";
constexpr std::string_view kClose = "close";

}  // namespace

void Shard::Step::handle(const CustomerMessage& e) {
    Tenant* t = tenant_or_reject(kMessage, e.tenant);
    if (t == nullptr) return;
    ConversationId id;
    const std::uint64_t print = Directory::fingerprint(e.conversation);
    if (t->directory.find_conversation(e.conversation, print, names_in(s_.conversations_), &id) ==
        Lookup::kOpen) {
        Conv& conv = s_.conversations_[id];
        conv.last_activity = now_;
        // Several customer messages in a row keep the first deadline.
        if (!conv.awaiting_reply) {
            conv.awaiting_reply = true;
            conv.awaiting_since = now_;
            if (conv.state == model::ConversationState::kAssigned) arm_reply_clock(id);
        }
        return;
    }
    const model::TenantSpec& spec = *t->spec;
    model::TierIndex tier = spec.default_tier;
    if (!e.tier.empty()) {
        const std::optional<model::TierIndex> found = spec.find_tier(e.tier);
        if (!found) {
            reject(kMessage, RejectReason::kUnknownTier, "unknown customer tier '" + e.tier + "'");
            return;
        }
        tier = *found;
    }
    model::QueueIndex queue = spec.default_queue;
    if (!e.skills.empty()) {
        model::SkillSet skills;
        if (!skills_or_reject(kMessage, *t, e.skills, &skills)) return;
        const std::optional<model::QueueIndex> found = spec.find_queue_for(skills);
        if (!found) {
            reject(kMessage, RejectReason::kNoQueueForSkills,
                   "no queue of tenant '" + spec.id + "' serves exactly the requested skills");
            return;
        }
        queue = *found;
    }
    if (t->open_conversations >= spec.limits.max_conversations) {
        reject(kMessage, RejectReason::kLimitReached,
               "tenant '" + spec.id + "' has max_conversations=" +
                   std::to_string(spec.limits.max_conversations) + " open");
        return;
    }
    const std::optional<ConversationId> created = s_.conversations_.insert_default();
    SB_ASSERT(created.has_value());  // per-tenant limits keep the table within its bound
    Conv& conv = s_.conversations_[*created];
    conv.name = e.conversation;
    conv.name_hash = print;
    conv.tenant = t->index;
    conv.customer = e.customer;
    conv.tier = tier;
    conv.queue = queue;
    conv.opened_at = now_;
    conv.last_activity = now_;
    conv.awaiting_reply = true;
    conv.awaiting_since = now_;
    if (s_.wait_links_.size() < s_.conversations_.slot_count()) {
        s_.wait_links_.resize(s_.conversations_.slot_count());
    }
    t->directory.add_conversation(print, *created);
    ++t->open_conversations;
    ++s_.stats_.conversations_opened;
    arm_idle_timer(*created);
    route(*created, AssignReason::kNew, /*head_key=*/std::nullopt);
}

void Shard::Step::handle(const AgentReply& e) {
    const std::optional<Held> held =
        held_or_reject(kReply, e.tenant, e.agent, e.conversation,
                       model::ConversationState::kAssigned, RejectReason::kNotAssignedToAgent);
    if (!held) return;
    Conv& conv = s_.conversations_[held->conversation];
    model::Agent& agent = s_.agents_[held->agent];
    const model::SlaPolicy& policy = held->tenant->spec->policy_for(conv.tier, conv.queue);
    const bool repeated = conv.has_last_reply && conv.last_reply_hash == e.text_hash;
    // The gaming guard (DOMAIN.md, canned-reply spam): a quick phrase, or the same text again,
    // does not count as an answer when the policy says so.
    const bool counts = !(e.quick_phrase && !policy.quick_phrase_stops_clock) &&
                        !(repeated && !policy.repeated_reply_stops_clock);
    conv.last_reply_hash = e.text_hash;
    conv.has_last_reply = true;
    conv.last_activity = now_;
    ++agent.replies;
    ++s_.stats_.replies;
    if (!counts) {
        ++agent.canned_replies;
        ++s_.stats_.canned_replies;
        return;
    }
    conv.answered_once = true;
    conv.awaiting_reply = false;
    stop_reply_clock(conv);
}

void Shard::Step::handle(const AcceptOffer& e) {
    const std::optional<Held> held =
        held_or_reject(kAccept, e.tenant, e.agent, e.conversation,
                       model::ConversationState::kOffered, RejectReason::kNotOffered);
    if (!held) return;
    Conv& conv = s_.conversations_[held->conversation];
    stop_reply_clock(conv);
    conv.state = model::ConversationState::kAssigned;
    emit(Assigned{held->conversation, held->agent, static_cast<AssignReason>(conv.offer_reason)});
    if (conv.awaiting_reply) arm_reply_clock(held->conversation);
}

void Shard::Step::handle(const CloseConversation& e) {
    Tenant* t = tenant_or_reject(kClose, e.tenant);
    if (t == nullptr) return;
    const std::optional<ConversationId> c = conversation_or_reject(kClose, *t, e.conversation);
    if (!c) return;
    close(*c, CloseReason::kRequested);
}

}  // namespace switchboard::core
