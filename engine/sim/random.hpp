// The simulator's source of randomness: a seeded std::mt19937_64 stream (a run owns two), and the
// samplers the traffic and agent models draw from. std::*_distribution is not used on purpose:
// its output differs between standard libraries, so the same seed would give different runs on
// libstdc++ and libc++. The engine (mt19937_64) is specified bit for bit by the standard and the
// samplers below are inverse-CDF or Box-Muller formulas over it, so a seed means the same
// traffic everywhere, up to the last-ulp differences of std::log / std::exp between C libraries.
// Not shared between threads: a run owns its Random.
#pragma once

#include <cstdint>
#include <random>

namespace switchboard::sim {

// How a random quantity is distributed. The unit (ms, or none for a speed factor) comes from the
// YAML key it was read from (`mean_ms`, `median`).
enum class QuantityKind : unsigned char { kFixed, kExponential, kLognormal, kUniform };

struct RandomQuantity {
    QuantityKind kind = QuantityKind::kFixed;
    double value = 0;   // fixed: the value; exponential: the mean; lognormal: the median
    double spread = 0;  // lognormal: sigma of the logarithm (0.5 = typical, 1 = very uneven)
    double min = 0;     // uniform: [min, max]
    double max = 0;

    // The expected value (for docs, tests and the lognormal mean <-> median conversion).
    double mean() const noexcept;
};

enum class CountKind : unsigned char { kFixed, kPoisson, kGeometric };

// A count of events (customer follow-up messages). Fixed rounds `mean` to the nearest integer.
struct CountModel {
    CountKind kind = CountKind::kFixed;
    double mean = 0;
};

class Random {
  public:
    explicit Random(std::uint64_t seed) : engine_(seed) {}

    // A second seed from `seed` for an independent stream (SplitMix64's finaliser: nearby seeds
    // give unrelated streams).
    static constexpr std::uint64_t derived_seed(std::uint64_t seed) noexcept {
        std::uint64_t z = seed + 0x9e3779b97f4a7c15ULL;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }

    // Uniform in [0, 1), 53 random bits.
    double uniform01() noexcept;
    // Uniform in (0, 1]: safe to take the logarithm of.
    double uniform01_open_low() noexcept { return 1.0 - uniform01(); }
    // True with probability p.
    bool chance(double p) noexcept { return uniform01() < p; }
    double exponential(double mean) noexcept;
    double standard_normal() noexcept;
    double sample(const RandomQuantity& q) noexcept;
    // A sample of `q` rounded to whole milliseconds, clamped to [0, max_ms].
    std::int64_t sample_ms(const RandomQuantity& q, std::int64_t max_ms) noexcept;
    std::uint32_t sample_count(const CountModel& c) noexcept;
    // Index in [0, n). Precondition: n > 0.
    std::uint64_t below(std::uint64_t n) noexcept;
    std::uint64_t bits() noexcept { return engine_(); }

  private:
    std::mt19937_64 engine_;
};

}  // namespace switchboard::sim
