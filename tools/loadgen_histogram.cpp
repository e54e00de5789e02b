#include "tools/loadgen_histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

#include "engine/base/assert.hpp"

namespace switchboard::tools {

std::size_t LatencyRecorder::bucket_of(std::uint64_t value) noexcept {
    if (value < kSubBuckets) return static_cast<std::size_t>(value);
    // The top kSubBits+1 bits of the value: the power of two picks the group, the rest the
    // bucket within it.
    const unsigned shift = static_cast<unsigned>(std::bit_width(value)) - 1 - kSubBits;
    const std::uint64_t top = value >> shift;  // in [kSubBuckets, 2 * kSubBuckets)
    return static_cast<std::size_t>((shift + 1) * kSubBuckets + (top - kSubBuckets));
}

std::uint64_t LatencyRecorder::bucket_low(std::size_t bucket) noexcept {
    if (bucket < kSubBuckets) return bucket;
    const std::uint64_t shift = bucket / kSubBuckets - 1;
    return (kSubBuckets + bucket % kSubBuckets) << shift;
}

std::uint64_t LatencyRecorder::bucket_width(std::size_t bucket) noexcept {
    if (bucket < kSubBuckets) return 1;
    return std::uint64_t{1} << (bucket / kSubBuckets - 1);
}

void LatencyRecorder::record(std::int64_t value_ns) noexcept {
    const std::int64_t v = std::max<std::int64_t>(value_ns, 0);
    ++counts_[bucket_of(static_cast<std::uint64_t>(v))];
    min_ = count_ == 0 ? v : std::min(min_, v);
    max_ = std::max(max_, v);
    sum_ += static_cast<long double>(v);
    ++count_;
}

void LatencyRecorder::merge(const LatencyRecorder& other) noexcept {
    if (other.count_ == 0) return;
    for (std::size_t i = 0; i < kBuckets; ++i) counts_[i] += other.counts_[i];
    min_ = count_ == 0 ? other.min_ : std::min(min_, other.min_);
    max_ = std::max(max_, other.max_);
    sum_ += other.sum_;
    count_ += other.count_;
}

double LatencyRecorder::mean() const noexcept {
    return count_ == 0 ? 0.0 : static_cast<double>(sum_ / static_cast<long double>(count_));
}

std::int64_t LatencyRecorder::quantile(double q) const noexcept {
    SB_ASSERT(q > 0.0);
    SB_ASSERT(q <= 1.0);
    if (count_ == 0) return 0;
    const auto rank = std::max<std::uint64_t>(
        1, static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_))));
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < kBuckets; ++i) {
        seen += counts_[i];
        if (seen < rank) continue;
        const std::uint64_t middle = bucket_low(i) + (bucket_width(i) - 1) / 2;
        return std::clamp(static_cast<std::int64_t>(middle), min_, max_);
    }
    return max_;
}

}  // namespace switchboard::tools
