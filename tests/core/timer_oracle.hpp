// Checks the shard's timers from the outside (DESIGN.md §4: "timers never fire early"), for the
// timer property tests. From the action stream of each apply() (with Shard::action_time(), the
// millisecond each action belongs to) and the state reached after it, the oracle keeps its own
// account of every running timer, computed from the config: a reply clock starts when an agent
// gets a conversation with an unanswered message, or at such a message; an offer expires
// accept_timeout after it is made; a wait starts at the Queued action. It then requires:
// - every timer action happens exactly at its deadline: a warning at start + warn share of the
//   limit, a missed reply / escalation at start + limit, an offer expiry at its expires_at, an
//   idle close at last activity + idle_close (not before a transfer brought the conversation
//   under that rule), a max-wait overflow at enqueue + max_wait, a
//   position update at enqueue + k * interval, a cool-down restore at auto-away + cooldown;
// - every action belongs to this apply(): at the event's time, or at a timer deadline after the
//   previous apply() (not late) and at or before this one (not early);
// - after each apply() at t, nothing due at or before t is still pending (reply deadlines and
//   warnings, offers, ladder steps, max waits, idle closes, cool-downs), and the shard's own
//   deadlines equal the oracle's;
// - nothing is lost: the conversations that actions opened and did not report closed are exactly
//   the open ones; each is closed at most once; counters agree;
// - no conversation goes back to an agent (by name) who missed it, nor, until someone else took
//   it, to the agent it was transferred away from, except by an explicit to_agent transfer; no
//   more missed-reply hops than max_reassignments; one escalation at most.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/shard.hpp"

#include "tests/core/shard_checks.hpp"

namespace switchboard::testing {

class TimerOracle {
  public:
    explicit TimerOracle(const core::Shard& shard);

    // After shard.apply(event, t, sink): the problems found in this step (empty when none).
    std::vector<std::string> check(const core::Event& event, base::Time t,
                                   const std::vector<SeenAction>& seen);

  private:
    struct Clock {
        model::AgentId agent;
        std::string agent_name;
        base::Time start{};
        base::Duration limit{0};
        base::Duration warn{0};  // 0: no warning
    };
    struct Offer {
        model::AgentId agent;
        std::string agent_name;
        base::Time expires{};
    };

    // --- the action stream (timer_oracle.cpp; on_timing in timer_oracle_state.cpp) ---
    void on_action(const SeenAction& s);
    void on_assigned(const SeenAction& s, const core::Assigned& a);
    void on_offered(const SeenAction& s, const core::Offered& o);
    void on_unassigned(const SeenAction& s, const core::Unassigned& u);
    void on_missed(const SeenAction& s, model::ConversationId c, model::AgentId a);
    void on_closed(const SeenAction& s, const core::Closed& c);
    void on_timing(const SeenAction& s);
    void start_clock(model::ConversationId c, model::AgentId a, std::string name,
                     const model::Conversation& conv, base::Time at);
    void expect_at(const SeenAction& s, base::Time due, const std::string& what);
    void may_get_it(const SeenAction& s, model::ConversationId c);

    // --- the state reached (timer_oracle_state.cpp) ---
    void check_ledger();
    void check_conversation(model::ConversationId id, const model::Conversation& c);
    void check_reply_clock(model::ConversationId id, const model::Conversation& c);
    void check_wait(model::ConversationId id, const model::Conversation& c);
    void check_agents();

    void problem(std::string what);
    bool event_names_conversation(std::string_view name) const;
    // When `c` must idle-close: its last activity + its queue's idle_close, but not before that
    // rule began to apply to it (a transfer into the queue); nullopt when its queue never
    // idle-closes.
    std::optional<base::Time> idle_due(model::ConversationId id, const model::Conversation& c);

    const core::Shard& shard_;
    const model::TenantSpec& spec_;
    const core::Event* event_ = nullptr;
    base::Time t_{};
    base::Time t_prev_{};
    std::vector<std::string> problems_;

    std::map<model::ConversationId, std::string> open_;  // opened by an action, not yet closed
    std::set<model::ConversationId> closed_;
    std::uint64_t opened_count_ = 0;
    std::map<model::ConversationId, Clock> clocks_;
    std::set<model::ConversationId> stalled_;  // deadline passed with no move: no clock now
    std::map<model::ConversationId, Offer> offers_;
    std::set<model::ConversationId> waiting_;
    std::map<model::ConversationId, std::uint32_t> position_updates_;   // in the current wait
    std::map<model::ConversationId, std::set<std::string>> missed_by_;  // agent names
    std::map<model::ConversationId, std::string> handed_over_by_;
    std::map<model::ConversationId, std::uint32_t> hops_;
    std::set<model::ConversationId> escalated_;
    std::map<model::AgentId, base::Time> auto_away_at_;
    // The idle_close rule each conversation is under, and since when (a transfer can change it).
    std::map<model::ConversationId, std::pair<base::Duration, base::Time>> idle_rule_;
};

}  // namespace switchboard::testing
