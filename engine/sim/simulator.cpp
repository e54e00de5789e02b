#include "engine/sim/simulator.hpp"

#include <utility>

#include "engine/sim/simulation.hpp"

namespace switchboard::sim {

base::Result<SimResult> simulate(std::shared_ptr<const config::Snapshot> config,
                                 const ScenarioSpec& scenario, const SimOptions& options) {
    if (config == nullptr) {
        return base::Error{base::ErrorCode::kInvalidArgument, "simulate: no router config"};
    }
    if (auto valid = validate_scenario(scenario, *config); !valid) return valid.error();
    Simulation run(std::move(config), scenario);
    run.run();
    if (options.check_invariants) {
        if (std::string broken = run.check_invariants(); !broken.empty()) {
            return base::Error{
                base::ErrorCode::kInternal,
                scenario.source + ": shard invariant broken after the run: " + broken};
        }
    }
    return run.result();
}

}  // namespace switchboard::sim
