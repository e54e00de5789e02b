// One open conversation as the shard sees it: where it is (waiting, offered, assigned), who has
// it, and the reply clock. Plain data owned by the shard's conversation table, touched only on the
// shard thread. Created by the first customer message, freed when closed.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/box.hpp"
#include "engine/base/handle.hpp"
#include "engine/base/time.hpp"
#include "engine/base/timer_id.hpp"
#include "engine/model/agent.hpp"
#include "engine/model/strategy.hpp"
#include "engine/model/tenant_spec.hpp"

namespace switchboard::model {

using base::TimerId;

enum class ConversationState : unsigned char {
    kUnrouted,  // just opened or just taken off an agent, being routed within this step
    kWaiting,   // in its queue's waiting list
    kOffered,   // offered to `agent`, waiting for accept (offer/accept mode)
    kAssigned,  // `agent` handles it
};

// What the reply timer of a conversation is waiting for.
enum class ReplyStage : unsigned char {
    kNone,
    kWarn,      // fires at warn_fraction of the deadline: warn the agent
    kDeadline,  // fires at the deadline: missed reply
    kOffer,     // fires when an offer expires unaccepted
};

// How the last assignment was decided (DESIGN.md §3 decision trace). Always recorded; the full
// candidate list is computed on request (see core::Shard::explain).
struct DecisionTrace {
    base::Time decided_at{};
    AgentId chosen;
    std::uint32_t ready_in_pool = 0;  // agents with free capacity in the step's pool then
    Strategy strategy = Strategy::kLeastLoaded;
    bool sticky_hit = false;       // went to the customer's previous agent
    std::uint8_t ladder_step = 0;  // widening step of the tier ladder in force
    std::uint8_t excluded = 0;     // agents skipped because they may not have it
};

// Agents a conversation must not go to, by name so that a re-login still counts.
struct Exclusions {
    std::vector<std::string> missed_by;  // missed its reply or offer: never again
    std::string handed_over_by;          // transferred it away: not until someone else took it
};

// Fields are grouped by size so that the record packs without padding: it is the bulk of a
// resident conversation's memory (DESIGN.md §2 budget: 400 bytes with timers and indexes).
struct Conversation {
    // The gateway's id. The tenant's Directory keeps only its hash (name_hash, computed once at
    // the open) and confirms a match here.
    std::string name;
    std::string customer;
    // Who must not get it (rare: allocated on the first exclusion). See core/exclusions.hpp.
    base::Box<Exclusions> exclusions;
    AgentId agent;                 // valid when offered or assigned
    std::uint64_t assign_seq = 0;  // shard-wide order of its last assignment
    base::Time opened_at{};
    base::Time enqueued_at{};    // start of the current wait (ladder steps count from it)
    std::int64_t order_key = 0;  // waiting order within a tier: smaller is served first
    // Reply clock: awaiting_reply is set while a customer message waits for a real reply.
    base::Time awaiting_since{};
    base::Time last_activity{};
    base::Time reply_due{};             // the agent's reply deadline while the clock runs
    std::uint64_t last_reply_hash = 0;  // previous reply text hash, for the gaming guard
    std::uint64_t name_hash = 0;        // core::Directory::fingerprint(name)
    TimerId reply_timer;                // warn / deadline / offer expiry
    TimerId queue_timer;                // ladder step / max wait / position update
    TimerId idle_timer;                 // idle close
    DecisionTrace trace;
    TenantIndex tenant = 0;
    QueueIndex queue = 0;
    TierIndex tier = 0;
    ConversationState state = ConversationState::kUnrouted;
    ReplyStage reply_stage = ReplyStage::kNone;
    std::uint8_t ladder_step = 0;
    std::uint8_t offer_reason = 0;  // core::AssignReason of a pending offer, reported on accept
    std::uint8_t missed_hops = 0;   // reassignments after missed replies
    bool awaiting_reply = false;
    bool answered_once = false;  // FRT applies until the first real reply, NRT after
    bool has_last_reply = false;
    bool escalated = false;
};

}  // namespace switchboard::model
