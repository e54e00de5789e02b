// Checks of a Shard for property tests, written from the rules (DESIGN.md §3) rather than from the
// engine's indexes, so that they do not share its mistakes: they scan every agent and every
// conversation and read the tenant spec, and use the routing indexes only to walk the waiting
// lists they verify. Complements Shard::check_invariants().
#pragma once

#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/shard.hpp"

namespace switchboard::testing {

// Every open conversation is either assigned or offered to exactly one live agent, which lists it
// exactly once, or waits exactly once, in the list of its own queue, tier and ladder step; agents
// and waiting lists hold nothing else. "" when that holds, else the first problem found.
std::string placement_problem(const core::Shard& shard);

// Work-conserving, by brute force: no conversation waits while an agent that is available and
// below capacity may take it (may_take below).
std::string idle_agent_problem(const core::Shard& shard);

// May `agent` take `conv`: has the queue's skills, is admitted by the ladder step it is at, never
// missed it (by name: a re-login still counts) and is not the agent who just handed it over?
bool may_take(const model::TenantSpec& spec, const model::Agent& agent,
              const model::Conversation& conv);

// Every piece of observable state except stats.events and stats.rejected, one fact per line, for
// "this event changed nothing" comparisons.
std::string state_dump(const core::Shard& shard);

// One action with the state of its conversation and agent at the moment it was emitted.
struct SeenAction {
    core::Action action;
    std::string line;                                 // core::describe(shard, action)
    base::Time at{};                                  // Shard::action_time() when emitted
    std::optional<model::Conversation> conversation;  // as it was when the action was emitted
    std::string conversation_name;  // copied: the record's name views engine storage
    std::string agent_name;         // of the action's agent, if it has one
    bool accepted = false;          // an Assigned that confirms an offer
};

// Records the actions of apply() calls and checks each assignment when it is made:
// - the agent was available and below capacity (load <= capacity counting this one), unless the
//   assignment only confirms an earlier offer or names the agent in a to_agent transfer;
// - the agent may take the conversation (skills, ladder step, not missed before), same exception;
// - an agent taking a conversation from the queue leaves no conversation it could take waiting
//   in a higher tier, nor an older one in the same tier (VIP before normal, then FIFO).
class CheckingSink final : public core::ActionSink {
  public:
    explicit CheckingSink(const core::Shard& shard) : shard_(shard) {}

    // Call before each apply(): the event is the context of the checks.
    void begin(const core::Event& event);
    void on_action(const core::Action& action) override;

    // The lines of the actions since begin().
    std::vector<std::string> lines() const;
    const std::vector<SeenAction>& seen() const noexcept { return seen_; }
    // Problems found since begin(); empty when all held.
    const std::vector<std::string>& problems() const noexcept { return problems_; }

  private:
    void check_assignment(model::ConversationId c, model::AgentId a, core::AssignReason reason,
                          bool accepted);
    void check_queue_order(model::ConversationId c, model::AgentId a);
    bool to_agent_transfer(model::AgentId a) const;

    const core::Shard& shard_;
    const core::Event* event_ = nullptr;
    std::vector<SeenAction> seen_;
    std::vector<std::string> problems_;
    // Offers not yet accepted or withdrawn: (conversation, agent).
    std::set<std::pair<model::ConversationId, model::AgentId>> offers_;
};

}  // namespace switchboard::testing
