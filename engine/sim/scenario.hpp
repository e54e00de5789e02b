// A simulation scenario: the traffic and the agent population that `switchboard sim` plays
// through the deterministic core on virtual time, against one tenant of a router config. It is
// a file of its own (config/sim/*.yaml, format in engine/sim/README.md), separate from the
// router config, so the same day can be replayed against two configs and compared.
//
// parse_scenario() checks the file's own schema; names that refer to the router config (tenant,
// tiers, queues, skills, groups) keep where they were written, and validate_scenario() checks
// them against a config with messages that point at the scenario file. Plain data, no threads.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/result.hpp"
#include "engine/config/snapshot.hpp"
#include "engine/sim/random.hpp"

namespace switchboard::sim {

// Where a name was written, for errors found later against the router config.
struct SourceRef {
    std::string at;   // "business-day.yaml:12:7"
    std::string key;  // "mix.tiers.vip"
};

struct NamedShare {
    std::string name;   // a tier or queue of the router config
    double weight = 0;  // relative: weights are normalised by their sum
    SourceRef ref;
};

enum class ProfileKind : unsigned char { kFlat, kBusinessDay, kPeakSale, kHourly };

// Conversation arrivals: a Poisson process whose rate is per_hour times the profile's multiplier
// at that moment (piecewise constant by hour, repeating every day; arrival_process.hpp).
struct ArrivalSpec {
    ProfileKind profile = ProfileKind::kFlat;
    double per_hour = 0;         // average conversations per hour (the profile's mean is 1)
    std::vector<double> hourly;  // kHourly: the multipliers, hour 0 first; repeats
    double surge_factor = 10;    // kPeakSale: rate multiplier inside the surge window
    std::int64_t surge_start_ms = 20 * 3'600'000LL;  // kPeakSale: surge window, from run start
    std::int64_t surge_end_ms = 22 * 3'600'000LL;
};

struct CustomerSpec {
    CountModel follow_ups;  // further messages after the first, each after an agent's answer
    RandomQuantity think_time_ms{QuantityKind::kExponential, 20'000};  // answer -> next message
    bool patient = true;         // no patience key: customers wait forever
    RandomQuantity patience_ms;  // first message -> leaving if still unanswered
};

enum class HandlingKind : unsigned char {
    kExchanges,     // the agent closes once the customer has no more to ask (or after K answers)
    kHandlingTime,  // the agent closes a drawn time after getting the conversation
};

struct HandlingSpec {
    HandlingKind kind = HandlingKind::kExchanges;
    std::uint32_t close_after_exchanges = 0;  // kExchanges: at most this many answers; 0 = no cap
    RandomQuantity handling_time_ms{QuantityKind::kExponential, 300'000};  // kHandlingTime
    RandomQuantity close_delay_ms{QuantityKind::kFixed, 30'000};           // last answer -> close
};

struct SkillLevel {
    std::string skill;
    std::uint32_t level = 5;
    SourceRef ref;
};

struct BreakSpec {
    std::int64_t every_ms = 0;  // 0 = no breaks
    std::int64_t length_ms = 0;
    bool staggered = true;  // spread the group's agents over the interval instead of all at once
};

// A group of agents who behave alike: `count` agents named "<name>-<n>".
struct AgentGroupSpec {
    std::string name;
    SourceRef ref;
    std::uint32_t count = 0;
    std::vector<SkillLevel> skills;
    std::vector<std::string> groups;
    std::vector<SourceRef> group_refs;  // parallel to groups
    std::uint32_t capacity = 0;         // 0 = the tenant's default capacity
    RandomQuantity reply_time_ms{QuantityKind::kLognormal, 8'000, 0.6};
    RandomQuantity speed_factor{QuantityKind::kFixed, 1.0};  // per agent, multiplies reply times
    RandomQuantity accept_time_ms{QuantityKind::kFixed, 3'000};  // offer -> accept
    RandomQuantity away_return_ms{QuantityKind::kFixed,
                                  300'000};  // auto-away -> back (no cooldown)
    double silent_share = 0;                 // share of agents who never answer nor accept
    double quick_phrase_share = 0;           // share of answers sent as a quick phrase first
    BreakSpec breaks;
    std::int64_t shift_start_ms = 0;
    std::int64_t shift_end_ms = -1;     // -1 = until the end of the run
    std::int64_t wrap_up_ms = 600'000;  // at shift end: time to finish open chats before logout
};

struct ScenarioSpec {
    std::string name;
    std::string source;  // file name, for messages
    std::string tenant;  // the tenant of the router config the scenario drives
    SourceRef tenant_ref;
    std::string router_config;  // the config file it was written for ("" = not said); a hint
    std::uint64_t seed = 1;     // the caller may override it
    std::int64_t duration_ms = 3'600'000;  // arrivals happen in [0, duration_ms)
    std::int64_t warmup_ms = 0;         // conversations arriving earlier are left out of the KPIs
    std::int64_t drain_ms = 3'600'000;  // after duration: time for open conversations to end
    ArrivalSpec arrivals;
    std::vector<NamedShare> tier_mix;   // empty = the tenant's default tier
    std::vector<NamedShare> queue_mix;  // empty = the tenant's default queue
    CustomerSpec customers;
    HandlingSpec handling;
    std::vector<AgentGroupSpec> agents;
};

// Parses and checks a scenario file's schema (all errors at once, one per line, as
// "FILE:LINE:COL: KEY: what, expected X, got Y"). `source_name` is used in messages only.
// Never throws.
base::Result<ScenarioSpec> parse_scenario(std::string_view yaml_text,
                                          std::string_view source_name) noexcept;

// Checks every name the scenario uses against `config`: the tenant, tier and queue names of the
// mix, agents' skills (and levels) and groups, capacities against max_capacity and the agent
// count against max_agents. Errors point at the scenario file.
base::Status validate_scenario(const ScenarioSpec& scenario, const config::Snapshot& config);

}  // namespace switchboard::sim
