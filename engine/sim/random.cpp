#include "engine/sim/random.hpp"

#include <algorithm>
#include <cmath>

#include "engine/base/assert.hpp"

namespace switchboard::sim {
namespace {

// A bound on one count draw, so a mistaken huge mean cannot stall a run in the sampler loop.
constexpr std::uint32_t kMaxCount = 1000;
constexpr double kTwoPi = 6.283185307179586;

}  // namespace

double RandomQuantity::mean() const noexcept {
    switch (kind) {
        case QuantityKind::kFixed:
        case QuantityKind::kExponential:
            return value;
        case QuantityKind::kLognormal:
            return value * std::exp(spread * spread / 2);
        case QuantityKind::kUniform:
            return (min + max) / 2;
    }
    return value;
}

double Random::uniform01() noexcept { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }

double Random::exponential(double mean) noexcept { return -mean * std::log(uniform01_open_low()); }

double Random::standard_normal() noexcept {
    // Box-Muller; the second value of the pair is dropped so that every draw costs the same
    // engine steps, which keeps runs easy to reason about when a model is added.
    const double r = std::sqrt(-2.0 * std::log(uniform01_open_low()));
    return r * std::cos(kTwoPi * uniform01());
}

double Random::sample(const RandomQuantity& q) noexcept {
    switch (q.kind) {
        case QuantityKind::kFixed:
            return q.value;
        case QuantityKind::kExponential:
            return exponential(q.value);
        case QuantityKind::kLognormal:
            return q.value * std::exp(q.spread * standard_normal());
        case QuantityKind::kUniform:
            return q.min + (q.max - q.min) * uniform01();
    }
    return q.value;
}

std::int64_t Random::sample_ms(const RandomQuantity& q, std::int64_t max_ms) noexcept {
    const double x = std::floor(sample(q) + 0.5);
    if (!(x > 0)) return 0;  // also catches NaN
    if (x >= static_cast<double>(max_ms)) return max_ms;
    return static_cast<std::int64_t>(x);
}

std::uint32_t Random::sample_count(const CountModel& c) noexcept {
    switch (c.kind) {
        case CountKind::kFixed:
            return static_cast<std::uint32_t>(std::min(std::floor(c.mean + 0.5), 1.0 * kMaxCount));
        case CountKind::kPoisson: {
            // Inversion by sequential search: O(mean) steps, fine for a few follow-ups.
            const double u = uniform01();
            double p = std::exp(-c.mean);
            double cumulative = p;
            std::uint32_t k = 0;
            while (u >= cumulative && k < kMaxCount) {
                ++k;
                p *= c.mean / k;
                cumulative += p;
            }
            return k;
        }
        case CountKind::kGeometric: {
            if (c.mean <= 0) return 0;
            const double q = c.mean / (1.0 + c.mean);  // P(one more)
            const double k = std::floor(std::log(uniform01_open_low()) / std::log(q));
            return static_cast<std::uint32_t>(std::min(k, 1.0 * kMaxCount));
        }
    }
    return 0;
}

std::uint64_t Random::below(std::uint64_t n) noexcept {
    SB_ASSERT(n > 0);
    // 53 bits of resolution: the bias is below n / 2^53, far under what a run can observe.
    const auto k = static_cast<std::uint64_t>(uniform01() * static_cast<double>(n));
    return std::min(k, n - 1);
}

}  // namespace switchboard::sim
