// What `switchboard loadgen` will do, resolved from its command line and, with --config, from the
// server's own config file (gateway id, token, tenant, port, skills, groups, tiers), checked once
// before any connection is made. Plain data, built and validated on the main thread, then read
// by every connection thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/result.hpp"
#include "engine/config/snapshot.hpp"

namespace switchboard::tools {

// The command line as given: 0 or empty means "not given" where the comment says so.
struct LoadgenOptions {
    std::string config_path;  // empty: everything comes from the flags
    std::string host = "127.0.0.1";
    std::uint16_t port = 0;           // 0: the config's server.listen port
    std::string gateway;              // empty: the config's first gateway
    std::string token;                // empty: that gateway's token
    std::string tenant;               // empty: that gateway's first tenant
    std::vector<std::string> skills;  // without --config: one per conversation, agents get all
    std::vector<std::string> groups;  // without --config: the agents' groups
    std::vector<std::string> tiers;   // without --config: customer tiers to spread over
    std::uint32_t connections = 2;
    std::uint32_t agents = 10;   // per connection
    std::uint32_t capacity = 0;  // 0: the tenant's default capacity
    std::uint32_t window = 0;    // open conversations per connection; 0: agents x capacity
    double rate = 0.0;           // conversations per second over all connections; 0: max
    std::uint64_t conversations = 10'000;
    double duration_s = 60.0;  // conversations stop being opened after this
    double drain_s = 10.0;     // then the run waits at most this long for them to finish
    std::string reply_delay_ms = "20-200";
    double silent_share = 0.0;
    std::uint32_t follow_ups = 1;
    std::uint64_t seed = 1;
    std::string json_path;
    bool progress = true;
};

// An agent's reply (or accept) delay: fixed "N", uniform "MIN-MAX" or exponential "exp:MEAN"
// (capped at 10 x MEAN), in milliseconds.
struct DelaySpec {
    enum class Shape { kFixed, kUniform, kExponential };
    Shape shape = Shape::kUniform;
    double a_ms = 20;   // the fixed value, the minimum, or the mean
    double b_ms = 200;  // the maximum (uniform only)

    std::chrono::nanoseconds sample(std::mt19937_64& rng) const;
};

base::Result<DelaySpec> parse_delay(std::string_view text);

// Errors unless `host` is 127.0.0.1, localhost or ::1: the load generator never leaves the
// machine (issue 7: "talks to 127.0.0.1 only").
base::Status check_loopback_host(std::string_view host);

struct LoadPlan {
    std::string host;
    std::uint16_t port = 0;
    std::uint32_t max_frame_bytes = 1 << 20;
    std::string gateway;
    std::string token;
    std::string tenant;
    std::vector<std::vector<std::string>> conversation_skills;  // one is drawn per conversation
    std::vector<std::string> tiers;                             // empty: the tenant's default
    std::vector<std::string> agent_skills;
    std::vector<std::string> agent_groups;
    std::optional<std::uint32_t> capacity;  // absent: the tenant's default
    std::uint32_t connections = 1;
    std::uint32_t agents_per_connection = 1;
    std::uint32_t window_per_connection = 1;
    double rate = 0.0;
    std::uint64_t conversations = 1;
    std::chrono::nanoseconds duration{0};
    std::chrono::nanoseconds drain{0};
    DelaySpec reply_delay;
    std::vector<bool> silent;  // per agent, over all connections
    std::uint32_t follow_ups = 0;
    std::uint64_t seed = 1;
    std::string run_prefix;  // makes this run's agent and conversation ids unique on the server
    std::string json_path;
    bool progress = true;

    std::uint64_t per_connection() const noexcept {
        return (conversations + connections - 1) / connections;
    }
    // How many conversations connection `c` opens: the count split as evenly as possible.
    std::uint64_t quota(std::uint32_t c) const noexcept;
    std::uint32_t silent_agents() const noexcept;

    std::string agent_name(std::uint32_t agent) const;
    std::string conversation_id(std::uint64_t slot) const;
    // The index or slot an id of this run stands for; nullopt for anyone else's.
    std::optional<std::uint32_t> agent_of(std::string_view name) const;
    std::optional<std::uint64_t> slot_of(std::string_view id) const;
};

// `config` is the parsed --config file, or null. Errors (kInvalidArgument) name the option.
base::Result<LoadPlan> make_plan(const LoadgenOptions& options, const config::Snapshot* config);

}  // namespace switchboard::tools
