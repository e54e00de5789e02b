#include "engine/model/strategy.hpp"

#include <array>
#include <utility>

namespace switchboard::model {
namespace {

constexpr std::array<std::pair<Strategy, std::string_view>, 4> kNames{{
    {Strategy::kLeastLoaded, "least_loaded"},
    {Strategy::kLongestIdle, "longest_idle"},
    {Strategy::kRoundRobin, "round_robin"},
    {Strategy::kMostProficient, "most_proficient"},
}};

}  // namespace

std::string_view to_string(Strategy s) noexcept {
    for (const auto& [strategy, name] : kNames) {
        if (strategy == s) return name;
    }
    return "unknown";
}

std::optional<Strategy> strategy_from_string(std::string_view name) noexcept {
    for (const auto& [strategy, n] : kNames) {
        if (n == name) return strategy;
    }
    return std::nullopt;
}

}  // namespace switchboard::model
