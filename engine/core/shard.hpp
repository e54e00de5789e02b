// The shard: all routing state of the tenants it owns, and the one function that changes it.
//
//     shard.apply(event, now, sink)
//
// turns (state, event, now) into actions delivered synchronously to `sink`. It performs no I/O,
// reads no clock, starts no thread and uses no unseeded randomness (DESIGN.md §1), so the same
// code runs the live server, the virtual-time simulator, journal replay and property tests.
// Before handling an event the shard advances its timing wheel to `now` and acts on every due
// timer (reply deadlines, ladder steps, offers, idle closes), so time alone also produces actions.
//
// Ownership: one thread owns a Shard and calls everything on it. Invalid events are answered with
// a Rejected action and change no state.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "engine/base/slot_table.hpp"
#include "engine/base/time.hpp"
#include "engine/config/snapshot.hpp"
#include "engine/core/actions.hpp"
#include "engine/core/directory.hpp"
#include "engine/core/events.hpp"
#include "engine/core/explain.hpp"
#include "engine/core/shard_stats.hpp"
#include "engine/core/sticky_memory.hpp"
#include "engine/model/agent.hpp"
#include "engine/model/conversation.hpp"
#include "engine/routing/tenant_router.hpp"
#include "engine/sla/timing_wheel.hpp"

namespace switchboard::core {

class Shard {
  public:
    // The shard routes the tenants of `snapshot` (all of them: partitioning tenants across shards
    // is the runtime's job). `start` is the engine time of the first apply().
    Shard(std::shared_ptr<const config::Snapshot> snapshot, base::Time start);
    ~Shard();
    Shard(const Shard&) = delete;
    Shard& operator=(const Shard&) = delete;

    // Precondition: now >= the `now` of the previous call (time never goes back).
    void apply(const Event& event, base::Time now, ActionSink& sink);

    // Cache hints for a caller that holds a batch of events (the runtime's ring batches; see
    // hint_window.hpp, which drives them). With many conversations most of what apply(e) reads
    // is a cache miss, each waiting on the one before: id table -> conversation record -> agent
    // record and timer nodes -> the agent's heap entries. hint(e) starts loading the first, and
    // each follow() the next one, from what the one before loaded; a caller that hints a few
    // events ahead of apply() overlaps those misses with the work of the events in between.
    // Hints read state and change none (no action, no stat, no rejection for a bad event), and a
    // hint made stale by the events applied since only loads the wrong lines: they can change
    // how long apply() waits for memory, never what it does. Below hint_min_conversations() open
    // conversations the state fits the caches and hint() returns an empty hint at once.
    struct Hint {
        std::uint64_t print = 0;  // Directory::fingerprint of the conversation id
        ConversationId conversation;
        AgentId agent;
        std::uint32_t tenant = 0;  // index into tenants_
        std::uint8_t stage = 0;    // 0: nothing (more) to load
    };
    Hint hint(const Event& event) const noexcept;
    void follow(Hint& hint) const noexcept;
    // routing_bench (pair/least_loaded, hints on against off, best of 6): no gain at 25,000
    // open conversations (10,000 agents), 15-20% at 75,000 and 250,000; the records of 32,768
    // conversations alone (7 MiB) exceed this box's 4 MiB L2.
    static constexpr std::uint32_t kHintMinConversations = 32'768;
    std::uint32_t hint_min_conversations() const noexcept { return hint_min_conversations_; }
    // For tests, which check with a few conversations that hints change nothing.
    void set_hint_min_conversations(std::uint32_t n) noexcept { hint_min_conversations_ = n; }

    // Live reload (DESIGN.md §6): switches to `next` between two events, at now(), keeping every
    // agent, conversation, place in line and armed timer. Every tenant's spec and everything
    // built from it (routing pools and their strategy order, waiting lists, per-queue pace) is
    // rebound or rebuilt, so the old snapshot may be destroyed as soon as this returns.
    // Preconditions: config::check_reload(snapshot(), *next) is empty and `next` lists the same
    // tenants in the same order (config::align_tenant_order).
    //
    // Timers armed under the old config keep their deadlines: a running reply clock, warning,
    // offer expiry or auto-away cool-down ends when it was due, and what then happens follows
    // the new config (the next reply clock uses the new SLA times). Queue timers of waiting
    // conversations whose tier changed its ladder, max_wait or position updates, and idle timers
    // of conversations whose queue changed idle_close, are re-armed from the new values; any of
    // them already due acts in this call. A waiting conversation keeps its order in line; if its
    // tier's ladder changed, it stands on the step the new ladder gives for the time it waited.
    //
    // Work conservation: a waiting conversation that a changed ladder lets a ready agent take is
    // assigned in this call (highest tier first, then oldest), its actions going to `sink` at
    // now(). Rebuilt pools rank agents whose strategy keys tie by slot order. Deterministic: the
    // same state and `next` give the same state and actions.
    void reconfigure(std::shared_ptr<const config::Snapshot> next, ActionSink& sink);

    // --- Read-only views (same thread) ---
    base::Time now() const noexcept { return now_; }
    // The time the action being emitted belongs to: inside ActionSink::on_action, the deadline of
    // the timer that caused it, or the event's `now`. Outside apply(), the last event's `now`.
    base::Time action_time() const noexcept { return action_time_; }
    const config::Snapshot& snapshot() const noexcept { return *snapshot_; }
    const ShardStats& stats() const noexcept { return stats_; }
    // Timers armed in the wheel, and a time at or before the earliest of their deadlines (nullopt
    // when none is armed): how long the runtime may let the shard sleep before a Tick.
    std::uint32_t armed_timers() const noexcept { return wheel_.armed(); }
    std::optional<base::Time> next_timer_bound() const noexcept {
        return wheel_.next_deadline_bound();
    }

    const model::Agent* agent(AgentId id) const noexcept { return agents_.find(id); }
    const model::Conversation* conversation(ConversationId id) const noexcept {
        return conversations_.find(id);
    }
    std::string_view agent_name(AgentId id) const noexcept;
    std::string_view conversation_name(ConversationId id) const noexcept;
    std::optional<AgentId> find_agent(std::string_view tenant, std::string_view name) const;
    std::optional<ConversationId> find_conversation(std::string_view tenant,
                                                    std::string_view name) const;

    std::uint32_t agent_count() const noexcept { return agents_.size(); }
    std::uint32_t conversation_count() const noexcept { return conversations_.size(); }
    std::uint32_t waiting_count(std::string_view tenant) const;
    const routing::TenantRouter* router(std::string_view tenant) const;

    // Why the conversation's current agent was chosen (as recorded at decision time), and how
    // every agent of the tenant stands towards it now (up to `max_candidates`).
    std::optional<Explanation> explain(ConversationId id, std::uint32_t max_candidates) const;

    // Visits every live agent / conversation in slot order.
    template <typename F>
    void for_each_agent(F&& f) const {
        agents_.for_each(f);
    }
    template <typename F>
    void for_each_conversation(F&& f) const {
        conversations_.for_each(f);
    }

    // O(n) check of every structural invariant; for tests and debug runs. Returns a description
    // of the first broken invariant, or an empty string.
    std::string check_invariants() const;

  private:
    struct Tenant;
    class Step;  // the handlers of one apply() call; see shard_step.hpp
    friend class Step;

    Tenant* find_tenant(std::string_view id) noexcept;
    // Parts of hint() and follow() (shard_prefetch.cpp).
    void prefetch_heap_entries(const Tenant& t, const model::Agent& a) const noexcept;
    const Tenant* find_tenant(std::string_view id) const noexcept;
    // Parts of reconfigure() (shard_reconfigure.cpp): every agent into its tenant's new pools,
    // every waiting conversation into its new waiting list (`old`: the config before).
    void rejoin_pools();
    void rebuild_waiting_lists(const config::Snapshot& old);

    std::shared_ptr<const config::Snapshot> snapshot_;
    std::vector<std::unique_ptr<Tenant>> tenants_;
    StringMap<model::TenantIndex> tenant_index_;
    base::SlotTable<model::Agent, model::AgentTag> agents_;
    base::SlotTable<model::Conversation, model::ConversationTag> conversations_;
    routing::WaitLinks wait_links_;
    sla::TimingWheel wheel_;
    base::Time now_;
    base::Time action_time_;
    std::uint64_t assign_seq_ = 0;
    std::int64_t arrival_key_ = 0;  // grows: order keys of new arrivals
    std::int64_t head_key_ = 0;     // shrinks: order keys of conversations put back at the head
    ShardStats stats_;
    std::uint32_t hint_min_conversations_ = kHintMinConversations;
};

}  // namespace switchboard::core
