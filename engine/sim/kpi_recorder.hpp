// Accumulates what a simulation run measured, as it happens, and turns it into the SimResult
// figures: per-tier samples (first / next reply times, queue waits), counts, and the timeline
// (arrivals, time-weighted queue length and occupancy per bucket). The simulation tells it every
// change in time order; it never looks at the shard itself. Owned by one Simulation.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/model/tenant_spec.hpp"
#include "engine/sim/sim_result.hpp"

namespace switchboard::sim {

// Timeline bucket width for a run of `duration_ms`: the shortest of 10 s, 1 min, 5 min, 10 min,
// 15 min, 30 min, 1 h, ... that cuts the run into at most 288 buckets (a day: 288 x 5 min).
std::int64_t timeline_bucket_ms(std::int64_t duration_ms) noexcept;

// Order statistics of `samples_ms` (sorted in place): mean and nearest-rank percentiles, the
// p-th percentile being the smallest sample with at least p of the samples at or below it.
Distribution distribution_of(std::vector<std::int64_t>& samples_ms);

// Fairness of load over the agents who answer: occupancy mean / min / max and the coefficient
// of variation (population stddev / mean) of conversations handled; all 0 when there are none.
void fill_fairness(SimResult& out, const std::vector<double>& occupancy,
                   const std::vector<double>& handled);

class KpiRecorder {
  public:
    // Conversations arriving before warmup_ms count in the timeline only.
    KpiRecorder(const model::TenantSpec& tenant, std::int64_t bucket_ms, std::int64_t warmup_ms);

    // Moves the recorder's clock to t_ms, integrating the current levels over the gap.
    // Precondition: t_ms >= the previous call's.
    void advance(std::int64_t t_ms);

    // Level changes, at the current time. A bucket shows the queue's peak and the agents
    // available at its end, so a change at a bucket's first millisecond belongs to that bucket.
    void change_waiting(int delta);
    void change_load(int delta) noexcept { load_ += delta; }
    void change_online_capacity(int delta) noexcept { online_capacity_ += delta; }
    void change_available_agents(int delta);

    // Events of a conversation that arrived at arrived_ms, at the current time.
    void arrival(model::TierIndex tier, std::int64_t arrived_ms);
    void assigned_first(model::TierIndex tier, std::int64_t arrived_ms, bool waited);
    void first_reply(model::TierIndex tier, model::QueueIndex queue, std::int64_t arrived_ms);
    void next_reply(model::TierIndex tier, model::QueueIndex queue, std::int64_t arrived_ms,
                    std::int64_t waited_ms);
    void abandoned(model::TierIndex tier, std::int64_t arrived_ms);
    void overflowed(model::TierIndex tier, std::int64_t arrived_ms);

    // Fills the conversation figures, tiers and timeline of `out` (up to the current time).
    void finish(SimResult& out);

  private:
    struct TierSamples {
        std::uint64_t conversations = 0;
        std::uint64_t abandoned = 0;
        std::uint64_t overflowed = 0;
        std::uint64_t waited = 0;
        std::uint64_t first_within = 0;
        std::uint64_t next_within = 0;
        std::vector<std::int64_t> first_reply_ms;
        std::vector<std::int64_t> next_reply_ms;
        std::vector<std::int64_t> queue_wait_ms;
    };
    struct Bucket {
        TimelineBucket out;
        double queue_integral = 0;     // waiting x ms
        double load_integral = 0;      // sum of loads x ms
        double capacity_integral = 0;  // sum of online capacities x ms
        std::uint64_t within = 0;      // first replies within target
    };

    bool counted(std::int64_t arrived_ms) const noexcept { return arrived_ms >= warmup_ms_; }
    Bucket& bucket_at(std::int64_t t_ms);
    std::int64_t target_ms(model::TierIndex tier, model::QueueIndex queue, bool first) const;

    const model::TenantSpec& tenant_;
    std::int64_t bucket_ms_;
    std::int64_t warmup_ms_;
    std::int64_t now_ms_ = 0;
    int waiting_ = 0;
    int load_ = 0;
    int online_capacity_ = 0;
    int available_agents_ = 0;
    std::vector<TierSamples> tiers_;
    std::vector<Bucket> buckets_;
};

}  // namespace switchboard::sim
