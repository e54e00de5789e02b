// Read-only views of one core::Shard for the admin endpoints: the gauges /metrics exports per
// tenant, a tenant's live state as JSON, and one conversation's decision trace as JSON. They
// read the shard directly, so they must run on the thread that owns it (the runtime runs them
// there through Engine::run_on_shard) and must not keep references into it afterwards: every
// result is a copy. JSON names agents, conversations, queues, tiers, skills and groups by their
// configured or gateway names, never by internal handle or index.
//
// Costs, all on the shard thread between two batches of events:
//   shard_gauges             O(agents + tenants x queues x tiers)
//   tenant_state_json        O(conversations of the shard + agents of the tenant x log)
//   conversation_trace_json  O(agents of the tenant), as core::Shard::explain
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/base/result.hpp"
#include "engine/base/time.hpp"
#include "engine/core/shard.hpp"
#include "engine/core/shard_stats.hpp"
#include "engine/model/agent.hpp"
#include "engine/model/conversation.hpp"

namespace switchboard::admin {

struct QueueTierDepth {
    std::string queue;
    std::string tier;
    std::uint32_t waiting = 0;
};

struct TenantGauges {
    std::string tenant;
    std::vector<QueueTierDepth> waiting;   // every (queue, tier) pair of the config, zeros too
    std::uint32_t open_conversations = 0;  // waiting + held by agents
    std::uint32_t agents_available = 0;
    std::uint32_t agents_away = 0;
    std::uint32_t agents_auto_away = 0;
    std::uint32_t agents_ready = 0;  // available with free capacity: could take work now
    std::uint64_t load = 0;          // conversations held by agents (assigned or offered)
    std::uint64_t capacity = 0;      // sum of every logged-in agent's capacity, away or not
};

struct ShardGauges {
    base::Time as_of{};  // the shard's time of its last step
    std::uint64_t config_version = 0;
    std::uint32_t armed_timers = 0;
    core::ShardStats stats;             // the core's running counters
    std::vector<TenantGauges> tenants;  // in config order
};

// Every tenant of the shard, in config order.
ShardGauges shard_gauges(const core::Shard& shard);

struct StateLimits {
    std::uint32_t waiting_per_queue = 100;  // head of each queue listed, in serving order
    std::uint32_t agents = 1000;            // listed by name
    std::uint32_t conversations_per_agent = 100;
};

// The live state of `tenant`: its queues (depth per tier, longest wait, the head of each queue in
// serving order) and its agents (state, load, capacity, skills, groups, held conversations).
// Lists longer than `limits` are cut, with "..._truncated": true. Errors: kNotFound for a tenant
// this shard does not route.
base::Result<nlohmann::json> tenant_state_json(const core::Shard& shard, std::string_view tenant,
                                               const StateLimits& limits = {});

// The decision trace of one open conversation (core::Shard::explain): state, queue, tier, the
// decision recorded when its agent was chosen (strategy, ladder step, pool size) and every agent's
// verdict towards it now, at most `max_candidates`. Errors: kNotFound for an unknown tenant or a
// conversation that is not open.
base::Result<nlohmann::json> conversation_trace_json(const core::Shard& shard,
                                                     std::string_view tenant,
                                                     std::string_view conversation,
                                                     std::uint32_t max_candidates = 200);

std::string_view to_string(model::AgentStatus status) noexcept;       // available | away | ...
std::string_view to_string(model::ConversationState state) noexcept;  // waiting | assigned | ...

}  // namespace switchboard::admin
