// Assignment strategies a queue can use (DESIGN.md §3). Each one is an ordering of the agents that
// can take work now; the eligibility index keeps agents in that order so a decision is O(1) to
// read and O(log n) to update.
#pragma once

#include <optional>
#include <string_view>

namespace switchboard::model {

enum class Strategy : unsigned char {
    kLeastLoaded,     // lowest load/capacity, then least recently assigned
    kLongestIdle,     // oldest "idle since" (last assignment, login or return from away)
    kRoundRobin,      // least recently assigned, regardless of load
    kMostProficient,  // highest proficiency in the queue's weakest required skill, then least
                      // loaded
};

std::string_view to_string(Strategy s) noexcept;
std::optional<Strategy> strategy_from_string(std::string_view name) noexcept;

}  // namespace switchboard::model
