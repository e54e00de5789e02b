// Shared pieces of the shard property tests: a bounded history of the last steps (printed with a
// failure, so that it can be read without replaying), the per-step structural checks, and the
// shard-side answers the event generator asks for.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <initializer_list>
#include <map>
#include <string>
#include <vector>

#include "engine/core/events.hpp"
#include "engine/core/shard.hpp"

#include "tests/core/property_events.hpp"
#include "tests/core/scenario.hpp"
#include "tests/core/shard_checks.hpp"

namespace switchboard::testing {

class History {
  public:
    explicit History(std::size_t keep = 40) : keep_(keep) {}
    void add(std::uint32_t step, std::int64_t now_ms, const core::Event& event,
             const std::vector<std::string>& lines);
    // The kept steps, oldest first, one event and its action lines per step.
    std::string str() const;

  private:
    std::size_t keep_;
    std::deque<std::string> steps_;
};

// Counts action lines by kind ("assign (from_queue)", "warn", "reject agent_login"), to print
// once per seed what a run exercised.
class ActionTally {
  public:
    void add(const std::vector<std::string>& lines);
    std::string str() const;

  private:
    std::map<std::string, std::uint32_t> counts_;
};

// Prints "seed N, S steps" (so that an abort still names its seed) and returns the note to
// SCOPED_TRACE with every failure: the seed and how to replay it.
std::string announce_seed(std::uint64_t seed, std::uint32_t steps);

// Calls run(seed, steps) for each of property_seeds(seeds) with property_steps(default_steps),
// stopping at the first fatal failure.
void for_each_seed(std::initializer_list<std::uint64_t> seeds, std::uint32_t default_steps,
                   const std::function<void(std::uint64_t, std::uint32_t)>& run);

// The first broken rule after a step: Shard::check_invariants(), placement_problem(),
// idle_agent_problem() and the sink's assignment checks. "" when all hold.
std::string step_problem(const core::Shard& shard, const CheckingSink& sink);

// "name=load" for every agent of the shard, sorted.
std::vector<std::string> sorted_loads(const core::Shard& shard);
std::vector<std::string> sorted(std::vector<std::string> lines);

// The name of the agent holding `conversation` of `tenant`, or "".
std::string holder_of(const core::Shard& shard, const std::string& tenant,
                      const std::string& conversation);
// Hints for the event generator, read from the shard (tenant "shop").
StateHints shard_hints(const core::Shard& shard);

// What every seeded run against the shard alone starts with: a shard built from `yaml`, an event
// generator hinted by it, a checking sink, and the history and tally printed with a failure.
struct ShardRun {
    ShardRun(const std::string& yaml, std::uint64_t seed)
        : scenario(yaml),
          shard(scenario.shard()),
          generator(shard.snapshot().tenants.front(), seed),
          sink(shard) {
        generator.set_hints(shard_hints(shard));
    }

    Scenario scenario;
    core::Shard& shard;
    EventGenerator generator;
    CheckingSink sink;
    History history;
    ActionTally tally;
    std::int64_t now_ms = 0;
};

}  // namespace switchboard::testing
