// The arrival process: counts follow the profile's integral within Poisson error, and the
// peak-sale surge multiplies the rate by its factor.
#include "engine/sim/arrival_process.hpp"

#include <cmath>
#include <cstdio>

#include <gtest/gtest.h>

namespace switchboard::sim {
namespace {

constexpr double kHourMs = 3'600'000;
constexpr double kDayMs = 24 * kHourMs;

// Arrivals of `process` in [from, to), counted over `days` consecutive days.
std::vector<std::uint64_t> hourly_counts(const ArrivalProcess& process, std::uint64_t seed,
                                         int days) {
    Random rng(seed);
    std::vector<std::uint64_t> counts(24, 0);
    double t = 0;
    while (const auto next = process.next_after(t, days * kDayMs, rng)) {
        t = *next;
        ++counts[static_cast<std::size_t>(std::fmod(t, kDayMs) / kHourMs)];
    }
    return counts;
}

// As hourly_counts, over `runs` independent one-day runs (seeds seed, seed + 1, ...): for a
// profile whose surge window is a one-off moment of the run rather than a daily event.
std::vector<std::uint64_t> hourly_counts_of_runs(const ArrivalProcess& process, std::uint64_t seed,
                                                 int runs) {
    std::vector<std::uint64_t> counts(24, 0);
    for (int r = 0; r < runs; ++r) {
        const auto day = hourly_counts(process, seed + static_cast<std::uint64_t>(r), 1);
        for (int h = 0; h < 24; ++h) counts[h] += day[h];
    }
    return counts;
}

// |observed - expected| within 4 Poisson standard deviations.
void expect_poisson(double observed, double expected, const char* what) {
    const double sd = std::sqrt(expected);
    EXPECT_NEAR(observed, expected, 4 * sd) << what;
}

TEST(ArrivalProcess, FlatCountMatchesTheRate) {
    ArrivalSpec spec;
    spec.per_hour = 500;
    const ArrivalProcess process(spec);
    EXPECT_DOUBLE_EQ(process.expected_arrivals(0, 10 * kHourMs), 5000);
    const auto counts = hourly_counts(process, 3, 10);
    std::uint64_t total = 0;
    for (const auto c : counts) total += c;
    std::printf("flat: %llu arrivals in 10 days, expected %.0f (seed 3)\n",
                static_cast<unsigned long long>(total), 500.0 * 240);
    expect_poisson(static_cast<double>(total), 500.0 * 240, "10 days");
}

TEST(ArrivalProcess, BusinessDayFollowsItsCurveHourByHour) {
    ArrivalSpec spec;
    spec.profile = ProfileKind::kBusinessDay;
    spec.per_hour = 400;
    const ArrivalProcess process(spec);
    // The curve has mean 1: a day brings per_hour x 24.
    EXPECT_NEAR(process.expected_arrivals(0, kDayMs), 400.0 * 24, 1e-6);
    constexpr int kDays = 20;
    const auto counts = hourly_counts(process, 11, kDays);
    for (int h = 0; h < 24; ++h) {
        const double expected = kDays * process.expected_arrivals(h * kHourMs, (h + 1) * kHourMs);
        expect_poisson(static_cast<double>(counts[h]), expected, "hour");
    }
    // The evening peak is far busier than the small hours.
    EXPECT_GT(counts[21], 10 * counts[4]);
}

TEST(ArrivalProcess, PeakSaleSurgeIsTenTimesTheSameHourWithout) {
    ArrivalSpec base;
    base.profile = ProfileKind::kBusinessDay;
    base.per_hour = 300;
    ArrivalSpec peak = base;
    peak.profile = ProfileKind::kPeakSale;
    peak.surge_factor = 10;
    peak.surge_start_ms = static_cast<std::int64_t>(20 * kHourMs);
    peak.surge_end_ms = static_cast<std::int64_t>(22 * kHourMs);
    const ArrivalProcess ordinary(base);
    const ArrivalProcess sale(peak);
    const double surge_ms = 20.5 * kHourMs;
    EXPECT_NEAR(sale.rate_per_ms(surge_ms) / ordinary.rate_per_ms(surge_ms), 10.0, 1e-12);
    EXPECT_DOUBLE_EQ(sale.rate_per_ms(19 * kHourMs), ordinary.rate_per_ms(19 * kHourMs));

    constexpr int kDays = 10;
    const auto sale_counts = hourly_counts_of_runs(sale, 5, kDays);
    const auto day_counts = hourly_counts_of_runs(ordinary, 500, kDays);
    const double surge_expected = kDays * sale.expected_arrivals(20 * kHourMs, 22 * kHourMs);
    const double surge_observed = static_cast<double>(sale_counts[20] + sale_counts[21]);
    const double base_observed = static_cast<double>(day_counts[20] + day_counts[21]);
    std::printf("peak: 20:00-22:00 %.0f arrivals (expected %.0f), ordinary day %.0f: x%.2f\n",
                surge_observed, surge_expected, base_observed, surge_observed / base_observed);
    expect_poisson(surge_observed, surge_expected, "surge window");
    EXPECT_NEAR(surge_observed / base_observed, 10.0, 1.0);
    expect_poisson(static_cast<double>(sale_counts[12]),
                   kDays * ordinary.expected_arrivals(12 * kHourMs, 13 * kHourMs), "noon");
}

TEST(ArrivalProcess, HourlyListRepeatsAndCanBeZero) {
    ArrivalSpec spec;
    spec.profile = ProfileKind::kHourly;
    spec.per_hour = 100;
    spec.hourly = {0.0, 2.0};
    const ArrivalProcess process(spec);
    EXPECT_DOUBLE_EQ(process.expected_arrivals(0, 4 * kHourMs), 400);
    Random rng(9);
    double t = 0;
    std::uint64_t in_zero_hours = 0;
    std::uint64_t total = 0;
    while (const auto next = process.next_after(t, 100 * kHourMs, rng)) {
        t = *next;
        ++total;
        if (static_cast<std::int64_t>(t / kHourMs) % 2 == 0) ++in_zero_hours;
    }
    EXPECT_EQ(in_zero_hours, 0u);
    expect_poisson(static_cast<double>(total), 10'000, "100 hours");
}

TEST(ArrivalProcess, SameSeedSameArrivals) {
    ArrivalSpec spec;
    spec.per_hour = 1000;
    const ArrivalProcess process(spec);
    Random a(42);
    Random b(42);
    for (int i = 0; i < 100; ++i) {
        EXPECT_EQ(process.next_after(i * 1000.0, kDayMs, a),
                  process.next_after(i * 1000.0, kDayMs, b));
    }
}

}  // namespace
}  // namespace switchboard::sim
