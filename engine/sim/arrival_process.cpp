#include "engine/sim/arrival_process.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace switchboard::sim {
namespace {

constexpr double kHourMs = 3'600'000.0;

// Chat traffic of a marketplace shop by hour: quiet nights, a morning ramp, busy late mornings
// and afternoons, a dip at lunch, and the evening peak of after-work shopping. Relative values;
// normalised to mean 1 below so that per_hour * 24 is the day's volume.
constexpr std::array<double, 24> kBusinessDayShape = {
    0.35, 0.20, 0.12, 0.08, 0.06, 0.08, 0.15, 0.30, 0.60, 0.95, 1.20, 1.20,
    0.95, 1.00, 1.15, 1.20, 1.15, 1.00, 0.95, 1.10, 1.40, 1.50, 1.20, 0.70};

std::vector<double> normalised_business_day() {
    double sum = 0;
    for (const double x : kBusinessDayShape) sum += x;
    std::vector<double> curve;
    for (const double x : kBusinessDayShape) curve.push_back(x * 24 / sum);
    return curve;
}

}  // namespace

const std::vector<double>& business_day_curve() {
    static const std::vector<double> curve = normalised_business_day();
    return curve;
}

ArrivalProcess::ArrivalProcess(const ArrivalSpec& spec) : spec_(spec) {
    switch (spec.profile) {
        case ProfileKind::kFlat:
            hourly_ = {1.0};
            break;
        case ProfileKind::kBusinessDay:
        case ProfileKind::kPeakSale:
            hourly_ = business_day_curve();
            break;
        case ProfileKind::kHourly:
            hourly_ = spec.hourly.empty() ? std::vector<double>{1.0} : spec.hourly;
            break;
    }
    double max_multiplier = *std::max_element(hourly_.begin(), hourly_.end());
    if (spec.profile == ProfileKind::kPeakSale) {
        max_multiplier *= std::max(1.0, spec.surge_factor);
    }
    max_rate_per_ms_ = spec.per_hour * max_multiplier / kHourMs;
}

double ArrivalProcess::multiplier(double t_ms) const noexcept {
    const auto hour = static_cast<std::size_t>(std::max(0.0, t_ms) / kHourMs);
    double m = hourly_[hour % hourly_.size()];
    if (spec_.profile == ProfileKind::kPeakSale &&
        t_ms >= static_cast<double>(spec_.surge_start_ms) &&
        t_ms < static_cast<double>(spec_.surge_end_ms)) {
        m *= spec_.surge_factor;
    }
    return m;
}

double ArrivalProcess::rate_per_ms(double t_ms) const noexcept {
    return spec_.per_hour * multiplier(t_ms) / kHourMs;
}

double ArrivalProcess::expected_arrivals(double from_ms, double to_ms) const noexcept {
    // The rate only changes at hour boundaries and at the surge window's ends: integrate piece
    // by piece between consecutive break points.
    std::vector<double> cuts;
    for (double h = std::floor(from_ms / kHourMs) * kHourMs + kHourMs; h < to_ms; h += kHourMs) {
        cuts.push_back(h);
    }
    if (spec_.profile == ProfileKind::kPeakSale) {
        for (const auto edge : {spec_.surge_start_ms, spec_.surge_end_ms}) {
            const auto e = static_cast<double>(edge);
            if (e > from_ms && e < to_ms) cuts.push_back(e);
        }
    }
    cuts.push_back(to_ms);
    std::sort(cuts.begin(), cuts.end());
    double total = 0;
    double start = from_ms;
    for (const double cut : cuts) {
        if (cut <= start) continue;
        total += rate_per_ms(start) * (cut - start);
        start = cut;
    }
    return total;
}

std::optional<double> ArrivalProcess::next_after(double t_ms, double end_ms, Random& rng) const {
    if (max_rate_per_ms_ <= 0) return std::nullopt;
    const double mean_gap_ms = 1.0 / max_rate_per_ms_;
    for (double t = t_ms;;) {
        t += rng.exponential(mean_gap_ms);
        if (t >= end_ms) return std::nullopt;
        if (rng.uniform01() * max_rate_per_ms_ < rate_per_ms(t)) return t;
    }
}

}  // namespace switchboard::sim
