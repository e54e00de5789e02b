// Shard::Step: the handlers of one Shard::apply() call. It binds the shard, `now` and the action
// sink for the duration of one event, so handlers read as the rules they implement. Internal to
// engine/core. Split by concern: agent events (shard_agents.cpp), conversation events
// (shard_conversations.cpp), routing decisions (shard_dispatch.cpp) and timers (shard_sla.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/core/shard.hpp"
#include "engine/core/shard_tenant.hpp"

namespace switchboard::core {

// What a wheel timer is for; the low 32 bits of its cookie are the slot index of the
// conversation or agent it belongs to.
enum class TimerKind : std::uint8_t { kReply = 1, kQueue = 2, kIdle = 3, kCooldown = 4 };

class Shard::Step {
  public:
    Step(Shard& shard, base::Time now, ActionSink& sink)
        : s_(shard), event_now_(now), now_(now), sink_(sink) {}

    void handle(const AgentLogin& e);
    void handle(const AgentLogout& e);
    void handle(const AgentStatusChange& e);
    void handle(const AgentCapacityChange& e);
    void handle(const CustomerMessage& e);
    void handle(const AgentReply& e);
    void handle(const AcceptOffer& e);
    void handle(const Transfer& e);
    void handle(const CloseConversation& e);
    void handle(const Tick&) {}

    // Acts on every timer due at or before now.
    void fire_due_timers();

    // The end of Shard::reconfigure, once specs and routing indexes are rebuilt: re-arms the
    // timers whose parameters differ from `old`, acts on those already due, and assigns what the
    // new pools let ready agents take (shard_reconfigure.cpp).
    void settle_reconfigure(const config::Snapshot& old);

  private:
    using Conv = model::Conversation;

    // --- lookups that reject on failure (no state changed) ---
    void reject(std::string_view event, RejectReason reason, std::string detail);
    Tenant* tenant_or_reject(std::string_view event, std::string_view id);
    std::optional<AgentId> agent_or_reject(std::string_view event, Tenant& t,
                                           std::string_view name);
    std::optional<ConversationId> conversation_or_reject(std::string_view event, Tenant& t,
                                                         std::string_view name);
    // The agent and conversation of a reply or accept, required to be in `state` with that
    // agent; otherwise rejected with `otherwise`.
    struct Held {
        Tenant* tenant;
        AgentId agent;
        ConversationId conversation;
    };
    std::optional<Held> held_or_reject(std::string_view event, std::string_view tenant,
                                       std::string_view agent, std::string_view conversation,
                                       model::ConversationState state, RejectReason otherwise);
    bool skills_or_reject(std::string_view event, const Tenant& t,
                          const std::vector<std::string>& names, model::SkillSet* out);

    // --- routing (shard_dispatch.cpp) ---
    // Finds an agent for a conversation that has none (new, put back, transferred): assigns or
    // offers it, or queues it. `head_key` set: queue it with that order key (put back at the
    // head) instead of at the tail. Never to an agent the conversation excludes (exclusions.hpp).
    void route(ConversationId c, AssignReason reason, std::optional<std::int64_t> head_key);
    // Reserves `n` consecutive order keys ahead of every waiting conversation; returns the first.
    std::int64_t reserve_head_keys(std::uint32_t n);
    // The ready agent the queue's strategy picks for `conv` at its ladder step, skipping
    // excluded agents, with the trace of that decision.
    struct Choice {
        std::optional<AgentId> agent;
        model::DecisionTrace why;
    };
    Choice choose(const Conv& conv);
    std::optional<AgentId> sticky_agent(Tenant& t, const Conv& conv, routing::Pool& pool);
    void assign(ConversationId c, AgentId a, AssignReason reason, const model::DecisionTrace& why);
    // Queues the conversation; a new arrival beyond the queue's length limit overflows instead.
    void enqueue(ConversationId c, std::optional<std::int64_t> head_key, bool new_arrival);
    void dequeue(ConversationId c);
    // Detaches the conversation from its agent (load -1) without refilling the agent.
    void release(ConversationId c);
    // Gives a freed agent waiting work until it is full or nothing admissible waits.
    void drain(AgentId a);
    // Takes every conversation off the agent and routes each anew (logout, auto-away).
    void requeue_all(AgentId a, UnassignReason reason);
    void close(ConversationId c, CloseReason reason);
    void note_served(Tenant& t, model::QueueIndex q);

    // --- timers (shard_sla.cpp) ---
    void on_timer(base::TimerId id, std::uint64_t cookie);
    // Points `slot` at a timer due `at` (reusing it when still armed); clear_timer disarms it.
    void set_timer(base::TimerId& slot, base::Time at, TimerKind kind, std::uint32_t index);
    void clear_timer(base::TimerId& slot);
    // Assigns a waiting conversation if its pool (at its current ladder step) has a ready agent.
    void try_assign_waiting(ConversationId c);
    void arm_reply_clock(ConversationId c);
    void stop_reply_clock(Conv& conv);
    void arm_queue_timer(ConversationId c);
    void arm_idle_timer(ConversationId c);
    void cancel_timers(Conv& conv);
    void on_reply_timer(ConversationId c);
    void on_offer_expired(ConversationId c);
    void on_reply_missed(ConversationId c);
    void on_queue_timer(ConversationId c);
    void on_idle_timer(ConversationId c);
    void on_cooldown(AgentId a);
    void count_miss(AgentId a);
    void send_auto_away(AgentId a);
    void restore(AgentId a);
    void send_position_update(ConversationId c);

    Tenant& tenant_of(const Conv& conv) { return *s_.tenants_[conv.tenant]; }
    Tenant& tenant_of(const model::Agent& agent) { return *s_.tenants_[agent.tenant]; }
    void emit(const Action& action) { sink_.on_action(action); }

    Shard& s_;
    base::Time event_now_;
    base::Time now_;  // event_now_, or while a timer fires, its deadline
    ActionSink& sink_;
};

std::uint64_t timer_cookie(TimerKind kind, std::uint32_t index) noexcept;

// Queue positions are exact up to this many entries of the conversation's own list.
inline constexpr std::uint32_t kPositionWalkLimit = 1000;

}  // namespace switchboard::core
