// The virtual-time simulator (DESIGN.md §8 `switchboard sim`): plays a scenario (scenario.hpp)
// through the deterministic core, with no threads, sockets or clocks, and measures the KPIs an
// operations lead reads (sim_result.hpp). Customers arrive, write follow-ups and give up; agents
// log in for their shifts, take breaks, answer after drawn reply times (or never, for the silent
// share), accept offers and close conversations; every one of their actions is an event through
// Shard::apply, and time between them moves by Tick exactly to the shard's next timer, so reply
// deadlines, ladders and overflows act at their own millisecond. Seeded: the same config,
// scenario and seed give the same SimResult, on any machine with the same C library.
// Reentrant: each call owns its shard and generator.
#pragma once

#include <memory>

#include "engine/base/result.hpp"
#include "engine/config/snapshot.hpp"
#include "engine/sim/scenario.hpp"
#include "engine/sim/sim_result.hpp"

namespace switchboard::sim {

struct SimOptions {
#ifdef NDEBUG
    bool check_invariants = false;
#else
    bool check_invariants = true;
#endif
    // Run Shard::check_invariants() after a run (O(state)); a broken invariant fails the run
    // with kInternal and the description, never silently.
};

// Simulates `scenario` on the tenant it names in `config`.
// Errors: kInvalidArgument when the scenario does not fit the config (validate_scenario's
// messages, pointing at the scenario file); kInternal when (with check_invariants) a shard
// invariant broke. Events the core refused (e.g. at limits.max_conversations) are counted in
// SimResult::rejected, with the first refusal's detail in SimResult::first_rejection.
// Postcondition on success: result.seed == scenario.seed, result.scenario == scenario.name.
base::Result<SimResult> simulate(std::shared_ptr<const config::Snapshot> config,
                                 const ScenarioSpec& scenario, const SimOptions& options = {});

}  // namespace switchboard::sim
