// One validated configuration: everything the engine needs to route, as plain data. A Snapshot is
// immutable once built and shared by pointer; a reload builds a new one with a higher version and
// the shards switch to it between two events (DESIGN.md §6).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/model/tenant_spec.hpp"

namespace switchboard::config {

// Process-level settings (threads, logging). The core ignores them; the runtime and tools read
// them.
struct EngineSpec {
    std::uint32_t shards = 1;
    std::uint32_t io_threads = 1;
    // Where the threads run (engine/runtime/cpu_affinity.hpp): thread i of a kind on entry i.
    // Empty (the default): the operating system places them.
    std::vector<std::uint32_t> io_cpus;
    std::vector<std::uint32_t> shard_cpus;
    std::string log_level = "info";  // trace | debug | info | warn | error

    // Runtime bounds (engine/runtime, DESIGN.md §5). Every queue between threads is bounded.
    std::uint32_t ring_capacity = 4096;    // events per (gateway thread, shard) ring
    std::uint32_t batch_max = 256;         // events a shard takes from one ring per pass
    std::uint32_t outbox_capacity = 256;   // unacknowledged deliveries per agent
    std::uint32_t max_outboxes = 100'000;  // distinct agents with an outbox, per shard
    std::uint32_t notice_capacity = 8192;  // non-agent outputs (queued, rejected, ...) per shard
    std::uint32_t max_gateways = 16;       // gateway threads that may submit at once
    std::uint32_t tick_ms = 5;             // timer tick while timers are armed
    std::uint32_t idle_spin_us = 50;       // spin (sched_yield) before a thread parks
};

// Where a listener binds: an IPv4 address (or "localhost") and a port (0 = any free port).
struct ListenAddress {
    std::string host = "127.0.0.1";
    std::uint16_t port = 0;
};

// The network edges (issue "Server"): the gateway protocol listener and the admin HTTP listener,
// both on loopback unless the operator says otherwise, and the bounds of each connection.
struct ServerSpec {
    ListenAddress listen{"127.0.0.1", 7400};
    ListenAddress admin{"127.0.0.1", 7401};
    std::uint32_t max_frame_bytes = 64 * 1024;
    std::uint32_t max_connections = 256;
    std::uint32_t max_buffered_bytes = 4 * 1024 * 1024;  // per connection, unsent output
    std::int64_t hello_timeout_ms = 5000;
};

// A chat gateway allowed to connect: its token and the tenants it may act for.
struct GatewaySpec {
    std::string id;
    std::string token;
    std::vector<std::string> tenants;
};

struct Snapshot {
    std::uint64_t version = 0;  // assigned by whoever installs the snapshot; 0 = not installed
    std::string source;         // file name the snapshot was read from, for messages
    EngineSpec engine;
    ServerSpec server;
    std::vector<GatewaySpec> gateways;
    std::vector<model::TenantSpec> tenants;
    // The limits each tenant's tables were sized from when the engine started, by tenant id. A
    // parsed file leaves it empty (its own limits are the sizes); align_tenant_order carries the
    // running snapshot's forward, so a limit lowered by one reload can be raised back by another.
    std::unordered_map<std::string, model::TenantLimits> table_limits;

    // The limits `tenant`'s tables were sized from: table_limits' entry, else its own limits.
    const model::TenantLimits& sized_limits(const model::TenantSpec& tenant) const {
        const auto found = table_limits.find(tenant.id);
        return found == table_limits.end() ? tenant.limits : found->second;
    }

    const model::TenantSpec* find_tenant(std::string_view id) const noexcept {
        for (const auto& t : tenants) {
            if (t.id == id) return &t;
        }
        return nullptr;
    }
};

}  // namespace switchboard::config
