// Conversation arrivals: a non-homogeneous Poisson process whose rate is the scenario's per_hour
// times a profile multiplier, piecewise constant by hour of the run (flat: 1; business_day: a
// built-in 24-hour curve of an online shop, mean 1; peak_sale: the business day with a surge
// window; hourly: the scenario's own list). Sampled by thinning (Lewis-Shedler): candidates
// from a homogeneous process at the profile's highest rate, each kept with probability
// rate(t) / max rate, which gives exact non-homogeneous Poisson arrivals for any profile.
// Immutable after construction; sampling draws from the caller's Random.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "engine/sim/random.hpp"
#include "engine/sim/scenario.hpp"

namespace switchboard::sim {

class ArrivalProcess {
  public:
    explicit ArrivalProcess(const ArrivalSpec& spec);

    // Conversations per ms at time t (ms from the run's start).
    double rate_per_ms(double t_ms) const noexcept;
    // The profile's integral: expected arrivals in [from_ms, to_ms).
    double expected_arrivals(double from_ms, double to_ms) const noexcept;
    // The first arrival after t_ms and before end_ms, or nullopt when there is none.
    std::optional<double> next_after(double t_ms, double end_ms, Random& rng) const;

  private:
    double multiplier(double t_ms) const noexcept;

    ArrivalSpec spec_;
    std::vector<double> hourly_;  // multiplier by hour, repeating
    double max_rate_per_ms_ = 0;
};

// The built-in business-day curve, 24 multipliers with mean 1 (hour 0 = midnight).
const std::vector<double>& business_day_curve();

}  // namespace switchboard::sim
