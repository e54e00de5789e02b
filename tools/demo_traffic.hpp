// Demo traffic for `switchboard serve --demo`: a gateway process in miniature that talks to the
// running server over TCP exactly as a chat gateway would (proto/README.md). It logs in agents
// for every queue of the gateway's first tenant, opens conversations at a Poisson rate for a
// bounded time, lets agents answer after a few seconds (one agent never answers, to show reply
// deadlines and reassignment), acknowledges deliveries in batches, follows up and closes, and
// finally prints what was routed. Real time, bounded in duration; seeded choices.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "engine/base/result.hpp"
#include "engine/config/snapshot.hpp"

namespace switchboard::tools {

struct DemoTrafficOptions {
    std::uint16_t port = 0;
    std::chrono::seconds duration{30};  // arrivals stop after this; the run ends ~8 s later
    double arrivals_per_second = 4.0;
    std::uint64_t seed = 7;
};

// Runs the traffic to completion on the calling thread and returns the printed summary.
// Errors: the server refused the connection or the gateway's Hello.
base::Result<std::string> run_demo_traffic(const config::Snapshot& config,
                                           const DemoTrafficOptions& options);

}  // namespace switchboard::tools
