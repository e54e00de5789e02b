// The validated, immutable description of one tenant (shop) that the config produces and the
// shard routes by: its skills, agent groups, customer tiers with their SLA policy and widening
// ladder, queues with their strategy, and limits. Names are interned here: a skill's index is its
// position in `skills`, a tier's index its position in `tiers` (sorted, highest priority first).
// Built once per config snapshot; read-only afterwards, shared by pointer.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/time.hpp"
#include "engine/model/skill_set.hpp"
#include "engine/model/strategy.hpp"

namespace switchboard::model {

using base::Duration;

using TierIndex = std::uint8_t;
using QueueIndex = std::uint16_t;
using PolicyIndex = std::uint16_t;
inline constexpr std::size_t kMaxTiers = 16;
inline constexpr std::size_t kMaxQueues = 256;

// Reply deadlines and what happens when one is missed (DESIGN.md §4). A zero duration or
// zero fraction switches that step off.
struct SlaPolicy {
    std::string name;
    Duration first_reply{0};  // FRT: first customer message -> first agent reply; 0 = no deadline
    Duration next_reply{0};   // NRT: each later unanswered customer message -> reply; 0 = none
    double warn_fraction = 0.0;           // warn the agent at this share of the deadline; 0 = off
    bool reassign_on_miss = false;        // at the deadline, move the conversation to another agent
    std::uint32_t max_reassignments = 0;  // after this many missed-reply hops, escalate
    bool escalate_to_supervisor = false;
    std::string apology_template;            // auto-reply to the customer on escalation; "" = none
    bool quick_phrase_stops_clock = true;    // a reply flagged as a quick phrase stops the clock
    bool repeated_reply_stops_clock = true;  // a reply identical to the previous one does
};

// One step of a tier's widening ladder: from `after` in the queue on, agents in `groups` (or all
// agents when `everyone`) may take the conversation. Steps are sorted by `after`; step 0 has
// after == 0.
struct LadderStep {
    Duration after{0};
    bool everyone = true;
    GroupSet groups;
};

enum class OverflowAction : unsigned char { kNone, kLeaveMessage, kBot };

struct TierSpec {
    std::string name;
    std::int32_t priority = 0;       // larger = served first
    PolicyIndex sla_policy = 0;      // index into TenantSpec::sla_policies
    std::vector<LadderStep> ladder;  // at least one step
    Duration max_wait{0};            // longest time in queue before overflow; 0 = unbounded
    OverflowAction overflow = OverflowAction::kNone;
    Duration position_update_interval{0};  // periodic "you are number N" replies; 0 = off
};

struct QueueSpec {
    std::string name;
    SkillSet skills;                             // the skill class this queue serves
    Strategy strategy = Strategy::kLeastLoaded;  // also the fallback when sticky misses
    Duration sticky_window{0};              // > 0: prefer the customer's last agent within this
    std::optional<PolicyIndex> sla_policy;  // overrides the tier's policy for this queue
    Duration accept_timeout{0};             // > 0: offer/accept mode with this timeout
    Duration idle_close{0};                 // > 0: close after this long without any message
};

struct AutoAwayPolicy {
    std::uint32_t max_misses = 0;  // misses within `window` that send an agent away; 0 = off
    Duration window{0};
    Duration cooldown{0};  // back to available after this long; 0 = only by their own action
};

struct TenantLimits {
    std::uint32_t max_agents = 10'000;
    std::uint32_t max_conversations = 1'000'000;     // open at once, queued or assigned
    std::uint32_t max_queue_length = 100'000;        // per queue; beyond it new arrivals overflow
    std::uint32_t max_sticky_customers = 1'000'000;  // remembered last agents, oldest forgotten
};

struct TenantSpec {
    std::string id;
    std::vector<std::string> skills;  // index = SkillIndex
    std::vector<std::string> groups;  // index = GroupIndex
    std::vector<SlaPolicy> sla_policies;
    std::vector<TierSpec> tiers;    // sorted by priority, highest first; index = TierIndex
    TierIndex default_tier = 0;     // used when a message names no tier
    std::vector<QueueSpec> queues;  // index = QueueIndex
    QueueIndex default_queue = 0;   // used when a message names no skills
    std::uint32_t default_capacity = 5;
    std::uint32_t max_capacity = 50;
    AutoAwayPolicy auto_away;
    TenantLimits limits;
    std::map<std::string, std::string> templates;  // auto-reply template id -> text

    std::optional<SkillIndex> find_skill(std::string_view name) const noexcept;
    std::optional<GroupIndex> find_group(std::string_view name) const noexcept;
    std::optional<TierIndex> find_tier(std::string_view name) const noexcept;
    std::optional<QueueIndex> find_queue(std::string_view name) const noexcept;
    // The queue whose skill class is exactly `skills`.
    std::optional<QueueIndex> find_queue_for(SkillSet skills) const noexcept;
    // The SLA policy for a conversation of `tier` in `queue`.
    const SlaPolicy& policy_for(TierIndex tier, QueueIndex queue) const noexcept;
};

}  // namespace switchboard::model
