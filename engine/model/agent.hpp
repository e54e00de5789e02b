// One logged-in agent as the shard sees it. Plain data owned by the shard's agent table; the
// routing indexes and SLA logic read and update it only from the shard thread. Created at login,
// freed at logout (its handle then goes stale).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/base/handle.hpp"
#include "engine/base/inline_vector.hpp"
#include "engine/base/time.hpp"
#include "engine/base/timer_id.hpp"
#include "engine/model/skill_set.hpp"

namespace switchboard::model {

struct AgentTag {};
struct ConversationTag {};
using AgentId = base::Handle<AgentTag>;
using ConversationId = base::Handle<ConversationTag>;
using TenantIndex = std::uint32_t;

enum class AgentStatus : unsigned char {
    kAvailable,  // takes new work while load < capacity
    kAway,       // by the agent's own choice: keeps open conversations, takes no new work
    kAutoAway,   // sent away by the engine after missed replies; same effect as kAway
};

// The agent's place in one eligibility pool (routing::Pool): which pool, and the member slot
// there. Kept on the agent so that a load change updates every pool in O(pools * log n).
struct PoolMembership {
    std::uint16_t pool = 0;
    std::uint32_t member = 0;
};

// Fields are ordered hot first: what every assignment and release reads or writes (the routing
// keys, the pools the agent sits in, the conversations it holds) fills the first 176 bytes, so a
// routing decision touches the first three cache lines of the record and nothing else. The two
// lists keep their usual sizes inline (kInlinePools memberships, kInlineHeld conversations: the
// domain's 3-8 concurrent chats): as std::vectors their heap blocks were two more cold lines per
// assignment and per release at 100,000 agents. Names, proficiencies and SLA counters follow.
inline constexpr std::uint32_t kInlinePools = 4;
inline constexpr std::uint32_t kInlineHeld = 8;

struct Agent {
    TenantIndex tenant = 0;
    std::uint32_t capacity = 0;
    std::uint32_t load = 0;  // open conversations assigned or offered to this agent
    AgentStatus status = AgentStatus::kAvailable;
    SkillSet skills;
    base::Time idle_since{};            // last assignment, login or return to available
    std::uint64_t last_assign_seq = 0;  // shard-wide assignment counter at the last assignment
    std::uint64_t assignments = 0;
    base::InlineVector<ConversationId, kInlineHeld> conversations;  // assigned/offered, unordered
    base::InlineVector<PoolMembership, kInlinePools> memberships;
    GroupSet groups;

    std::array<Proficiency, kMaxSkills> proficiency{};  // 0 for skills the agent lacks
    std::string name;

    // Missed-reply bookkeeping (SLA): times of recent misses, oldest first, at most the tenant's
    // auto-away threshold long.
    std::vector<base::Time> recent_misses;
    std::uint64_t misses_total = 0;
    std::uint64_t canned_replies = 0;  // replies that did not stop the clock (gaming guard)
    std::uint64_t replies = 0;
    base::TimerId cooldown_timer;  // auto-away cool-down, when armed

    bool takes_new_work() const noexcept {
        return status == AgentStatus::kAvailable && load < capacity;
    }
};

}  // namespace switchboard::model
