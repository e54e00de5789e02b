// The engine's Prometheus metrics: one sample of everything EngineBackend gathers (runtime
// counters, each shard's gauges, latency), and the function that names it. Every metric name of
// the engine is written here, so the list in README.md has one source. Pure: tests render a
// hand-made sample.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "engine/admin/prometheus.hpp"
#include "engine/admin/shard_views.hpp"
#include "engine/runtime/engine.hpp"
#include "engine/runtime/latency_histogram.hpp"

namespace switchboard::admin {

struct EngineSample {
    std::uint64_t config_version = 0;  // the configuration in force
    runtime::EngineStats stats;        // per shard, always available
    // Per shard: nullopt when the shard did not answer in time (its gauges and core counters
    // are then left out, and switchboard_shard_up is 0).
    std::vector<std::optional<ShardGauges>> shards;
    std::vector<runtime::LatencySnapshot> latency;  // per shard
};

// Preconditions: stats.shards, stats.ring_depths, shards and latency have one entry per shard.
void write_engine_metrics(const EngineSample& sample, prometheus::Writer& out);

}  // namespace switchboard::admin
