#include "engine/admin/engine_metrics.hpp"

#include <string>

#include <gtest/gtest.h>

namespace switchboard::admin {
namespace {

bool has_line(const std::string& text, const std::string& line) {
    return text.find("\n" + line + "\n") != std::string::npos;
}

bool mentions(const std::string& text, const std::string& family) {
    return text.find(family) != std::string::npos;
}

// One shard; its worker counters set, its gauges left to each test.
EngineSample one_shard() {
    EngineSample s;
    s.config_version = 4;
    runtime::WorkerStats w;
    w.events = 10;
    w.outputs.assigned = 6;
    w.outputs.rejected = 1;
    w.config_version = 4;
    s.stats.shards.push_back(w);
    s.stats.ring_depths.push_back(2);
    s.shards.emplace_back();
    s.latency.emplace_back();
    return s;
}

std::string render(const EngineSample& sample) {
    prometheus::Writer out;
    write_engine_metrics(sample, out);
    return out.text();
}

TEST(EngineMetrics, ConfigVersionAndRuntimeCountersAreAlwaysThere) {
    const std::string m = render(one_shard());
    EXPECT_TRUE(m.starts_with("# HELP switchboard_config_version "));
    EXPECT_TRUE(has_line(m, "switchboard_config_version 4"));
    EXPECT_TRUE(has_line(m, "switchboard_events_total{shard=\"0\"} 10"));
    EXPECT_TRUE(has_line(m, "switchboard_assignments_total{shard=\"0\"} 6"));
    EXPECT_TRUE(has_line(m, "switchboard_rejected_events_total{shard=\"0\"} 1"));
    EXPECT_TRUE(has_line(m, "switchboard_ring_depth{shard=\"0\"} 2"));
    EXPECT_TRUE(has_line(m, "switchboard_shard_config_version{shard=\"0\"} 4"));
}

TEST(EngineMetrics, ShardThatDidNotAnswerIsDownWithoutGauges) {
    const std::string m = render(one_shard());
    EXPECT_TRUE(has_line(m, "switchboard_shard_up{shard=\"0\"} 0"));
    EXPECT_FALSE(mentions(m, "switchboard_reply_deadline_misses_total"));
    EXPECT_FALSE(mentions(m, "switchboard_queue_depth"));
    EXPECT_FALSE(mentions(m, "switchboard_armed_timers"));
}

TEST(EngineMetrics, ShardGaugesGiveCoreCountersAndTenantFamilies) {
    EngineSample sample = one_shard();
    ShardGauges g;
    g.armed_timers = 7;
    g.stats.reply_misses = 3;
    g.stats.reassignments = 2;
    g.stats.escalations = 1;
    TenantGauges shop;
    shop.tenant = "shop";
    shop.waiting = {{"returns", "vip", 2}, {"returns", "normal", 0}};
    shop.open_conversations = 5;
    shop.agents_available = 2;
    shop.agents_away = 1;
    shop.agents_auto_away = 1;
    shop.agents_ready = 1;
    shop.load = 3;
    shop.capacity = 8;
    g.tenants.push_back(shop);
    sample.shards[0] = g;
    const std::string m = render(sample);
    EXPECT_TRUE(has_line(m, "switchboard_shard_up{shard=\"0\"} 1"));
    EXPECT_TRUE(has_line(m, "switchboard_reply_deadline_misses_total{shard=\"0\"} 3"));
    EXPECT_TRUE(has_line(m, "switchboard_reassignments_total{shard=\"0\"} 2"));
    EXPECT_TRUE(has_line(m, "switchboard_escalations_total{shard=\"0\"} 1"));
    EXPECT_TRUE(has_line(m, "switchboard_armed_timers{shard=\"0\"} 7"));
    EXPECT_TRUE(
        has_line(m,
                 "# TYPE switchboard_queue_depth gauge\n"
                 "switchboard_queue_depth{tenant=\"shop\",queue=\"returns\",tier=\"vip\"} 2\n"
                 "switchboard_queue_depth{tenant=\"shop\",queue=\"returns\",tier=\"normal\"} 0"));
    EXPECT_TRUE(has_line(m, "switchboard_open_conversations{tenant=\"shop\"} 5"));
    EXPECT_TRUE(has_line(m,
                         "# TYPE switchboard_agents gauge\n"
                         "switchboard_agents{tenant=\"shop\",state=\"available\"} 2\n"
                         "switchboard_agents{tenant=\"shop\",state=\"away\"} 1\n"
                         "switchboard_agents{tenant=\"shop\",state=\"auto_away\"} 1"));
    EXPECT_TRUE(has_line(m, "switchboard_agents_ready{tenant=\"shop\"} 1"));
    EXPECT_TRUE(has_line(m, "switchboard_agent_load{tenant=\"shop\"} 3"));
    EXPECT_TRUE(has_line(m, "switchboard_agent_capacity{tenant=\"shop\"} 8"));
}

TEST(EngineMetrics, LatencyIsACumulativeHistogramInSeconds) {
    EngineSample sample = one_shard();
    runtime::LatencySnapshot& l = sample.latency[0];
    l.buckets[0] = 1;                                         // <= 1 us
    l.buckets[3] = 2;                                         // <= 8 us
    l.buckets[runtime::LatencySnapshot::kFiniteBuckets] = 1;  // over 1.048576 s
    l.count = 4;
    l.sum_ns = 2'000'500'000;
    const std::string m = render(sample);
    const std::string series = "switchboard_event_latency_seconds";
    EXPECT_TRUE(has_line(m, series + "_bucket{shard=\"0\",le=\"0.000001\"} 1"));
    EXPECT_TRUE(has_line(m, series + "_bucket{shard=\"0\",le=\"0.000004\"} 1"));
    EXPECT_TRUE(has_line(m, series + "_bucket{shard=\"0\",le=\"0.000008\"} 3"));
    EXPECT_TRUE(has_line(m, series + "_bucket{shard=\"0\",le=\"1.048576\"} 3"));
    EXPECT_TRUE(has_line(m, series + "_bucket{shard=\"0\",le=\"+Inf\"} 4"));
    EXPECT_TRUE(has_line(m, series + "_sum{shard=\"0\"} 2.0005"));
    EXPECT_TRUE(has_line(m, series + "_count{shard=\"0\"} 4"));
}

}  // namespace
}  // namespace switchboard::admin
