// A deliberately naive model of the shard's routing rules (DESIGN.md §3), for property tests that
// feed it and a real Shard the same events and require the same action lines (describe()).
// Everything is a vector scanned linearly: no heaps, no intrusive lists, no handles, no timers.
//
// Scope: one tenant whose config has no timers: no reply deadlines, single-step ladders (groups
// allowed), no offers, no idle close, no max wait, no position updates, no auto-away.
// unsupported() says why a spec is outside it. Limits (max agents, conversations, queue length,
// sticky customers) are in scope: they are bounds, not timers.
//
// The rules, each in one place below:
// - Exclusions: an agent never gets back a conversation they missed, nor one they (or a
//   supervisor) transferred away from them to another skill class until someone else took it.
// - Waiting order: one list over all queues in serving order. Arrivals (new or transferred) go to
//   the back; conversations put back by a logout go to the front, in the order their agent got
//   them. An agent that frees up takes, among the conversations it may take, the highest tier
//   first, then the earliest in that list.
// - Choice of agent: the ready agents (available, load < capacity) the tier's ladder admits
//   (all the queue's skills, one of the step's groups unless it admits everyone), ranked by the
//   queue's strategy: least_loaded = lowest load/capacity (exact fractions), then least recently
//   assigned; longest_idle = earliest idle_since (login, assignment, return from away);
//   round_robin = least recently assigned; most_proficient = highest level in the queue's weakest
//   skill, then as least_loaded. Sticky queues first try the customer's last agent (by name)
//   within the window, for new conversations only. Fractions are exact on purpose: the engine's
//   16-bit ratio only agrees below a few hundred conversations of capacity (the property configs
//   stay far below; PropertyFoundBug.LeastLoadedComparesLoadRatiosExactlyAtLargeCapacities).
// - Ties: the engine's heap breaks exact ties by the agent's member number in the pool, i.e. the
//   order agents joined it, a freed number being reused last-in-first-out. Ties are frequent
//   (never-assigned agents share last_assign_seq 0; two agents assigned in one step share
//   idle_since), so the model keeps the same numbering per pool (Pool below) instead of asking
//   the generator to avoid them. It is the only engine structure the model copies.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/config/snapshot.hpp"
#include "engine/core/actions.hpp"
#include "engine/core/events.hpp"
#include "engine/model/tenant_spec.hpp"

namespace switchboard::testing {

class ReferenceModel {
  public:
    // Precondition: unsupported(spec).empty(). `spec` must outlive the model.
    explicit ReferenceModel(const model::TenantSpec& spec);

    // Why the model cannot route `spec`, or "" when it can.
    static std::string unsupported(const model::TenantSpec& spec);

    // The action lines the shard must emit for `event` at `now_ms` (same format as describe()).
    std::vector<std::string> apply(const core::Event& event, std::int64_t now_ms);

    // Open conversations per logged-in agent, "name=load" in login order; waiting conversations.
    std::vector<std::string> loads() const;
    std::size_t waiting_count() const { return waiting_.size(); }
    // Who holds `conversation`, or ""; the assigned conversations (for the generator's hints).
    std::string holder(const std::string& conversation) const;
    std::vector<std::string> assigned() const;

  private:
    struct Agent {
        std::string name;
        model::SkillSet skills;
        std::array<model::Proficiency, model::kMaxSkills> level{};
        model::GroupSet groups;
        std::uint32_t capacity = 0;
        bool away = false;
        std::int64_t idle_since_ms = 0;
        std::uint64_t last_assign_seq = 0;
        std::vector<std::string> conversations;  // in the order they were assigned

        std::uint32_t load() const { return static_cast<std::uint32_t>(conversations.size()); }
        bool ready() const { return !away && load() < capacity; }
    };
    struct Conversation {
        std::string name;
        std::string customer;
        model::TierIndex tier = 0;
        model::QueueIndex queue = 0;
        std::string agent;           // "" while waiting
        std::string handed_over_by;  // transferred it elsewhere: not theirs until someone took it
        std::vector<std::string> missed_by;  // always empty here (no deadlines, no offers)
    };
    // Agents who may take one (queue, ladder step); members[m] = agent name, "" when free.
    struct Pool {
        model::QueueIndex queue = 0;
        bool everyone = true;
        model::GroupSet groups;
        std::vector<std::string> members;
        std::vector<std::size_t> free;
    };
    struct Sticky {
        std::string customer;
        std::string agent;
        std::int64_t served_at_ms = 0;
        std::uint64_t stamp = 0;
    };

    // --- events (reference_model.cpp) ---
    void on(const core::AgentLogin& e);
    void on(const core::AgentLogout& e);
    void on(const core::AgentStatusChange& e);
    void on(const core::AgentCapacityChange& e);
    void on(const core::CustomerMessage& e);
    void on(const core::AgentReply& e);
    void on(const core::AcceptOffer& e);
    void on(const core::Transfer& e);
    void on(const core::CloseConversation& e);
    void on(const core::Tick&) {}

    // Both emit the Rejected line; they differ only in what they return to the caller.
    bool reject(std::string_view event, core::RejectReason reason);
    std::nullopt_t refuse(std::string_view event, core::RejectReason reason);
    bool tenant_ok(std::string_view event, const std::string& tenant);
    Agent* agent_or_reject(std::string_view event, const std::string& name);
    Conversation* conversation_or_reject(std::string_view event, const std::string& name);
    std::optional<model::QueueIndex> queue_or_reject(std::string_view event,
                                                     const std::vector<std::string>& skills);
    std::optional<Agent> new_agent(const core::AgentLogin& e);

    // --- routing (reference_routing.cpp) ---
    void route(std::string conv, std::string_view reason, bool at_head);
    void assign(Conversation& conv, Agent& agent, std::string_view reason);
    void enqueue(Conversation& conv, bool at_head, bool new_arrival);
    void release(Conversation& conv);
    void close(std::string conv, std::string_view reason);
    void drain(const std::string& agent);
    void put_back(Agent& agent);
    std::optional<std::string> sticky_choice(const Conversation& conv) const;
    std::optional<std::string> best_agent(const Conversation& conv) const;
    bool excluded(const Conversation& conv, const Agent& agent) const;
    bool prefers(const Agent& a, const Agent& b, const Pool& pool) const;
    bool admits(const Pool& pool, const Agent& agent) const;
    const Pool& pool_for(const Conversation& conv) const;
    void join_pools(const Agent& agent);
    void leave_pools(const std::string& agent);
    void remember(const std::string& customer, const std::string& agent);
    std::uint32_t position(const Conversation& conv) const;

    Agent* find_agent(const std::string& name);
    Conversation* find_conversation(const std::string& name);
    const Conversation* find_conversation(const std::string& name) const;

    const model::TenantSpec& spec_;
    std::vector<Agent> agents_;         // logged in, in login order
    std::vector<Conversation> open_;    // open conversations, in opening order
    std::vector<std::string> closed_;   // names of closed conversations
    std::vector<std::string> waiting_;  // waiting conversations in serving order
    std::size_t put_back_count_ = 0;    // front entries placed by the current put_back
    std::vector<Pool> pools_;
    std::vector<Sticky> sticky_;
    std::uint64_t assign_seq_ = 0;
    std::uint64_t sticky_stamp_ = 0;
    std::int64_t now_ms_ = 0;
    std::vector<std::string> out_;  // lines of the current apply()
};

}  // namespace switchboard::testing
