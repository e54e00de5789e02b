// What one simulation run measured: the KPIs an operations lead reads (DOMAIN.md "How agents and
// teams are measured"), per tier, per agent and over time. Produced by the simulator
// (engine/sim), consumed by the `switchboard sim` reports (tables, JSON, CSV, plots). Plain data:
// every figure is computed from the actions the core emitted and the simulated customers' and
// agents' own timelines, never estimated.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace switchboard::sim {

// Order statistics of one sample set, in milliseconds. All zero when count == 0.
struct Distribution {
    std::uint64_t count = 0;
    double mean_ms = 0;
    double p50_ms = 0;
    double p90_ms = 0;
    double p99_ms = 0;
    double max_ms = 0;
};

struct TierKpis {
    std::string tier;
    std::int64_t first_reply_target_ms = 0;  // the tier's FRT (0 = no deadline)
    std::int64_t next_reply_target_ms = 0;   // the tier's NRT (0 = no deadline)
    std::uint64_t conversations = 0;         // opened
    std::uint64_t answered = 0;              // got a first agent reply
    std::uint64_t abandoned = 0;             // customer left before the first reply
    std::uint64_t overflowed = 0;            // router sent to leave-a-message / bot
    Distribution first_reply;                // first customer message -> first agent reply
    Distribution next_reply;                 // each later unanswered message -> agent reply
    Distribution queue_wait;                 // arrival -> first assignment (0 when direct)
    std::uint64_t waited = 0;                // conversations that were queued at all
    double first_reply_within_target = 0;    // share of answered ones within the FRT, 0..1
    double next_reply_within_target = 0;     // share of answered next replies within the NRT
};

struct AgentKpis {
    std::string agent;
    bool silent = false;               // behaviour model: never answers
    std::uint64_t handled = 0;         // conversations assigned to this agent
    std::uint64_t replies = 0;         // replies sent
    std::uint64_t missed_replies = 0;  // reassigned away from them at a reply deadline
    std::uint64_t auto_away = 0;       // times sent away by the router
    double logged_in_ms = 0;           // time logged in (shifts, minus breaks spent logged out)
    double occupancy = 0;              // time-weighted load / capacity while logged in, 0..1
};

// One interval of the timeline (the run is cut into equal buckets).
struct TimelineBucket {
    std::int64_t start_ms = 0;
    std::uint64_t arrivals = 0;
    double queue_length_mean = 0;  // waiting conversations, time-weighted
    std::uint32_t queue_length_max = 0;
    std::uint32_t agents_online = 0;  // logged in and available at the bucket's end
    std::uint64_t first_replies = 0;  // first replies given in the bucket
    double service_level = 0;         // share of those within their tier's FRT, 0..1
    double occupancy = 0;             // sum of loads / sum of capacities of online agents
    std::uint64_t abandoned = 0;
};

struct SimResult {
    std::string scenario;       // scenario name
    std::string config_source;  // the router config file the run used
    std::uint64_t seed = 0;
    std::int64_t simulated_ms = 0;  // simulated time covered
    std::uint32_t agents = 0;
    std::uint64_t events_applied = 0;  // events handed to Shard::apply (for the speed figure)

    std::uint64_t conversations = 0;
    std::uint64_t answered = 0;
    std::uint64_t abandoned = 0;
    std::uint64_t overflowed = 0;
    std::uint64_t reassignments = 0;   // conversations moved at a missed reply deadline
    std::uint64_t escalations = 0;     // supervisor escalations
    std::uint64_t warnings = 0;        // reply warnings sent to agents
    std::uint64_t auto_away = 0;       // agents sent away for missing replies
    std::uint64_t canned_replies = 0;  // replies that did not stop the clock
    std::uint64_t open_at_end = 0;     // conversations still open when the run stopped
    std::uint64_t rejected = 0;        // events the core refused (e.g. at a tenant limit)
    std::string first_rejection;       // the first refusal's detail, "" when none

    Distribution first_reply;  // all tiers together
    Distribution queue_wait;
    std::vector<TierKpis> tiers;  // highest priority first, as in the config

    // Fairness of load across agents who answer (silent ones excluded): occupancy spread and the
    // coefficient of variation of conversations handled (stddev / mean; 0 = perfectly even).
    double occupancy_mean = 0;
    double occupancy_min = 0;
    double occupancy_max = 0;
    double handled_cv = 0;

    std::vector<AgentKpis> agents_kpis;
    std::vector<TimelineBucket> timeline;
    std::int64_t bucket_ms = 0;  // width of each timeline bucket
};

}  // namespace switchboard::sim
