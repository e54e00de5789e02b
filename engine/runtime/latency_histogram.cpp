#include "engine/runtime/latency_histogram.hpp"

#include <cmath>
#include <cstdio>

namespace switchboard::runtime {

std::string LatencySnapshot::le_label(std::size_t i) {
    if (i >= kFiniteBuckets) return "+Inf";
    // 2^i µs has at most 7 digits for i <= 20: seconds with six decimals are exact.
    const std::uint64_t micros = std::uint64_t{1} << i;
    char text[32];
    std::snprintf(text, sizeof text, "%llu.%06llu",
                  static_cast<unsigned long long>(micros / 1'000'000),
                  static_cast<unsigned long long>(micros % 1'000'000));
    return text;
}

void LatencySnapshot::merge(const LatencySnapshot& other) noexcept {
    count += other.count;
    sum_ns += other.sum_ns;
    for (std::size_t i = 0; i < kBuckets; ++i) buckets[i] += other.buckets[i];
}

std::int64_t LatencySnapshot::quantile_bound_ns(double q) const noexcept {
    if (count == 0) return 0;
    const auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count)));
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < kFiniteBuckets; ++i) {
        seen += buckets[i];
        if (seen >= rank) return upper_bound_ns(i);
    }
    return -1;
}

LatencySnapshot LatencyHistogram::read() const noexcept {
    LatencySnapshot out;
    for (std::size_t i = 0; i < LatencySnapshot::kBuckets; ++i) {
        out.buckets[i] = buckets_[i].load(std::memory_order_relaxed);
        out.count += out.buckets[i];
    }
    out.sum_ns = sum_ns_.load(std::memory_order_relaxed);
    return out;
}

}  // namespace switchboard::runtime
