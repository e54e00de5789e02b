// Shared pieces of the shard property tests: a bounded history of the last steps (printed with a
// failure, so that it can be read without replaying), the per-step structural checks, and the
// shard-side answers the event generator asks for.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "engine/core/events.hpp"
#include "engine/core/shard.hpp"

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

// The first broken rule after a step: Shard::check_invariants(), placement_problem(),
// idle_agent_problem() and the sink's assignment checks. "" when all hold.
std::string step_problem(const core::Shard& shard, const CheckingSink& sink);

// "name=load" for every agent of the shard, sorted.
std::vector<std::string> sorted_loads(const core::Shard& shard);
std::vector<std::string> sorted(std::vector<std::string> lines);

// The name of the agent holding `conversation` of `tenant`, or "".
std::string holder_of(const core::Shard& shard, const std::string& tenant,
                      const std::string& conversation);

}  // namespace switchboard::testing
