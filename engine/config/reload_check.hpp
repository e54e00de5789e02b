// Live reload (DESIGN.md §6): which differences between the running configuration and a new one
// the shards can take while they run, keeping every agent, conversation, queue position and
// timer. Pure functions of two snapshots; any thread may call them.
//
// What the core sizes or indexes at start decides what needs a restart:
// - engine.* except log_level: thread and shard counts, ring, outbox and notice capacities, the
//   gateway port table, tick and spin times are fixed when Engine::start builds its threads.
// - server.*: the listeners are bound and connection bounds taken when the server starts.
// - Adding or removing a tenant: a shard sizes its agent and conversation tables and its timing
//   wheel from its tenants' limits once, and they cannot grow; a removed tenant's agents and
//   conversations would be orphaned.
// - Within a tenant, anything live state holds by position: skills and groups (agent bitsets,
//   queue skill classes, ladders), tiers (priority order) and queues. Renaming, removing or
//   reordering them needs a restart; adding new ones at the end is live, because no index of an
//   existing one moves. A queue's skill class is its identity and cannot change.
// - limits.max_agents and limits.max_conversations may be lowered live, and raised live up to
//   the value the tables were sized from at start (Snapshot::table_limits), not beyond;
//   limits.max_sticky_customers sizes the sticky memory.
// Everything else only parameterises decisions and is live: SLA policies, ladders, tier priorities
// (while the order stays), strategies, sticky windows, offers, idle close, capacities, auto-away,
// max_queue_length, templates, default tier and queue, log_level, gateways and tokens.
#pragma once

#include <string>
#include <vector>

#include "engine/config/snapshot.hpp"

namespace switchboard::config {

// Every reason `next` cannot replace `running` while the engine runs, one line each, each
// starting with the key path and ending with why:
//     engine.shards: 2 -> 4 needs a restart (fixed when the engine starts)
//     tenants[shop].skills[1]: 'returns' -> 'refunds' needs a restart (...)
// Order: engine, server, then the tenants of `running` in its order, then tenants new in `next`.
// Empty: the shards can switch to `next` live (Shard::reconfigure). Versions and sources are
// not compared; tenants are matched by id, so reordering them in the file is live.
std::vector<std::string> check_reload(const Snapshot& running, const Snapshot& next);

// `next` with its tenants in `running`'s order, so that every tenant keeps its index in the
// shards (model::TenantIndex) across a reload, and with `running`'s table sizes
// (Snapshot::table_limits) carried forward. Precondition: check_reload(running, next) is empty
// (both hold the same tenant ids).
Snapshot align_tenant_order(const Snapshot& running, Snapshot next);

}  // namespace switchboard::config
