#include "engine/admin/engine_metrics.hpp"

#include <array>
#include <string>

#include "engine/base/assert.hpp"

namespace switchboard::admin {
namespace {

using prometheus::Writer;

void write_worker(const runtime::WorkerStats& w, std::size_t ring_depth, const std::string& shard,
                  Writer& out) {
    const prometheus::Labels labels{{"shard", shard}};
    out.counter("switchboard_events_total", "Events applied by the shard.", w.events, labels);
    out.counter("switchboard_assignments_total",
                "Conversations assigned or offered to an agent (every reason).", w.outputs.assigned,
                labels);
    out.counter("switchboard_rejected_events_total",
                "Events rejected (unknown tenant, agent or conversation, bad state).",
                w.outputs.rejected, labels);
    out.counter("switchboard_deliveries_total", "Deliveries put into agent outboxes.",
                w.outputs.deliveries, labels);
    out.counter("switchboard_notices_total", "Notices put on the notice ring.", w.outputs.notices,
                labels);
    out.counter("switchboard_outbox_overflows_total",
                "Deliveries sent as outbox_overflow notices because an agent's outbox was full.",
                w.outputs.outbox_overflows, labels);
    out.counter("switchboard_notice_ring_waits_total",
                "Times the shard waited because its notice ring was full (backpressure).",
                w.notice_waits, labels);
    out.counter("switchboard_batches_total", "Batches of events the shard applied.", w.batches,
                labels);
    out.counter("switchboard_ticks_total", "Timer ticks the shard applied.", w.ticks, labels);
    out.counter("switchboard_shard_parks_total", "Times the shard thread parked with no work.",
                w.parks, labels);
    out.gauge("switchboard_ring_depth", "Events waiting in the shard's input rings.",
              static_cast<double>(ring_depth), labels);
    out.gauge("switchboard_outboxes", "Agent outboxes the shard holds.", w.outboxes, labels);
    out.gauge("switchboard_shard_config_version",
              "Version of the configuration the shard routes by.",
              static_cast<double>(w.config_version), labels);
}

struct CoreCounter {
    const char* name;
    const char* help;
    std::uint64_t core::ShardStats::*field;
};

constexpr std::array<CoreCounter, 17> kCoreCounters{{
    {"switchboard_conversations_opened_total", "Conversations opened.",
     &core::ShardStats::conversations_opened},
    {"switchboard_conversations_closed_total", "Conversations closed (every reason).",
     &core::ShardStats::conversations_closed},
    {"switchboard_queued_total", "Times a conversation was put in a waiting queue.",
     &core::ShardStats::queued},
    {"switchboard_requeued_on_logout_total",
     "Conversations put back at the head of their queue by a logout or auto-away.",
     &core::ShardStats::requeued_logout},
    {"switchboard_transfers_total", "Transfers to another agent or skill.",
     &core::ShardStats::transfers},
    {"switchboard_replies_total", "Agent replies.", &core::ShardStats::replies},
    {"switchboard_canned_replies_total",
     "Agent replies that did not stop the reply clock (quick phrase or repeated text).",
     &core::ShardStats::canned_replies},
    {"switchboard_reply_warnings_total", "Agents warned of a coming reply deadline.",
     &core::ShardStats::reply_warnings},
    {"switchboard_reply_deadline_misses_total", "Reply deadlines (FRT or NRT) that passed.",
     &core::ShardStats::reply_misses},
    {"switchboard_reassignments_total",
     "Conversations moved to another agent after a missed reply or an expired offer.",
     &core::ShardStats::reassignments},
    {"switchboard_escalations_total", "Conversations escalated to a supervisor.",
     &core::ShardStats::escalations},
    {"switchboard_offers_expired_total", "Offers not accepted in time.",
     &core::ShardStats::offers_expired},
    {"switchboard_auto_aways_total", "Agents sent to auto-away after missed replies.",
     &core::ShardStats::auto_aways},
    {"switchboard_ladder_widenings_total", "Widening steps taken by waiting conversations.",
     &core::ShardStats::ladder_widenings},
    {"switchboard_overflows_total",
     "Conversations overflowed (queue full or maximum wait) to leave-a-message or a bot.",
     &core::ShardStats::overflows},
    {"switchboard_idle_closes_total", "Conversations closed for inactivity.",
     &core::ShardStats::idle_closes},
    {"switchboard_position_updates_total", "Queue position auto-replies sent.",
     &core::ShardStats::position_updates},
}};

void write_shard(const ShardGauges& g, const std::string& shard, Writer& out) {
    for (const CoreCounter& c : kCoreCounters) {
        out.counter(c.name, c.help, g.stats.*c.field, {{"shard", shard}});
    }
    out.gauge("switchboard_armed_timers", "Timers armed in the shard's timing wheel.",
              g.armed_timers, {{"shard", shard}});
}

void write_tenant(const TenantGauges& t, Writer& out) {
    for (const QueueTierDepth& d : t.waiting) {
        out.gauge("switchboard_queue_depth", "Conversations waiting, per queue and customer tier.",
                  d.waiting, {{"tenant", t.tenant}, {"queue", d.queue}, {"tier", d.tier}});
    }
    const prometheus::Labels tenant{{"tenant", t.tenant}};
    out.gauge("switchboard_open_conversations", "Open conversations, waiting or held by agents.",
              t.open_conversations, tenant);
    constexpr const char* kAgentsHelp = "Logged-in agents by state.";
    out.gauge("switchboard_agents", kAgentsHelp, t.agents_available,
              {{"tenant", t.tenant}, {"state", "available"}});
    out.gauge("switchboard_agents", kAgentsHelp, t.agents_away,
              {{"tenant", t.tenant}, {"state", "away"}});
    out.gauge("switchboard_agents", kAgentsHelp, t.agents_auto_away,
              {{"tenant", t.tenant}, {"state", "auto_away"}});
    out.gauge("switchboard_agents_ready", "Available agents with free capacity.", t.agents_ready,
              tenant);
    out.gauge("switchboard_agent_load", "Conversations held by agents (assigned or offered).",
              static_cast<double>(t.load), tenant);
    out.gauge("switchboard_agent_capacity", "Sum of the capacities of logged-in agents.",
              static_cast<double>(t.capacity), tenant);
}

void write_latency(const runtime::LatencySnapshot& l, const std::string& shard, Writer& out) {
    using runtime::LatencySnapshot;
    std::array<prometheus::Bucket, LatencySnapshot::kFiniteBuckets> buckets;
    std::array<std::string, LatencySnapshot::kFiniteBuckets> labels;
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < LatencySnapshot::kFiniteBuckets; ++i) {
        cumulative += l.buckets[i];
        labels[i] = LatencySnapshot::le_label(i);
        buckets[i] = prometheus::Bucket{
            static_cast<double>(LatencySnapshot::upper_bound_ns(i)) / 1e9, cumulative, labels[i]};
    }
    out.histogram("switchboard_event_latency_seconds",
                  "Time from the gateway's submit call to the publication of the event's outputs.",
                  buckets, static_cast<double>(l.sum_ns) / 1e9, l.count, {{"shard", shard}});
}

}  // namespace

void write_engine_metrics(const EngineSample& sample, Writer& out) {
    const std::size_t shards = sample.stats.shards.size();
    SB_ASSERT(sample.stats.ring_depths.size() == shards);
    SB_ASSERT(sample.shards.size() == shards);
    SB_ASSERT(sample.latency.size() == shards);
    out.gauge("switchboard_config_version", "Version of the configuration in force.",
              static_cast<double>(sample.config_version));
    for (std::size_t i = 0; i < shards; ++i) {
        const std::string shard = std::to_string(i);
        out.gauge("switchboard_shard_up",
                  "1 when the shard answered this scrape in time, 0 when its gauges are missing.",
                  sample.shards[i] ? 1 : 0, {{"shard", shard}});
        write_worker(sample.stats.shards[i], sample.stats.ring_depths[i], shard, out);
        if (sample.shards[i]) write_shard(*sample.shards[i], shard, out);
        write_latency(sample.latency[i], shard, out);
    }
    for (const auto& g : sample.shards) {
        if (!g) continue;
        for (const TenantGauges& t : g->tenants) write_tenant(t, out);
    }
}

}  // namespace switchboard::admin
