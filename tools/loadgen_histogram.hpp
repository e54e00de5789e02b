// A latency histogram for the load generator's report: log-linear buckets (HDR-style) with a
// bounded relative error, so p50 .. p99.9 and max come from every sample recorded, not from a
// sampled average. engine/runtime/latency_histogram.hpp has power-of-two buckets (a factor-of-two
// estimate), fine for /metrics but too coarse to compare two runs, hence this one.
//
// Values below 2^kSubBits are exact; above, each power of two is split into 2^kSubBits equal
// buckets, so a bucket is at most 1/2^kSubBits of its lower bound wide and the middle of the
// bucket is within 1/2^(kSubBits+1) (0.2 %) of any value in it. The whole uint64 range fits in
// kBuckets counters (114 KiB), allocated once.
//
// Threads: not synchronized. Each connection thread owns one and the main thread merges them
// after the threads have been joined.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace switchboard::tools {

class LatencyRecorder {
  public:
    static constexpr unsigned kSubBits = 8;
    static constexpr std::uint64_t kSubBuckets = std::uint64_t{1} << kSubBits;
    static constexpr std::size_t kBuckets = (64 - kSubBits + 1) * kSubBuckets;
    // The largest relative distance between a reported quantile and the true sample.
    static constexpr double kRelativeError = 1.0 / static_cast<double>(2 * kSubBuckets);

    LatencyRecorder() : counts_(kBuckets, 0) {}

    // Records one sample; negative values (impossible on a steady clock) count as 0.
    void record(std::int64_t value_ns) noexcept;
    void merge(const LatencyRecorder& other) noexcept;

    std::uint64_t count() const noexcept { return count_; }
    std::int64_t min() const noexcept { return count_ == 0 ? 0 : min_; }
    std::int64_t max() const noexcept { return max_; }
    double mean() const noexcept;

    // The nearest-rank q-quantile (0 < q <= 1): the sample at rank ceil(q * count), reported as
    // the middle of its bucket clamped to [min, max]. 0 when empty.
    // Postcondition: within kRelativeError of the true nearest-rank sample.
    std::int64_t quantile(double q) const noexcept;

    static std::size_t bucket_of(std::uint64_t value) noexcept;
    static std::uint64_t bucket_low(std::size_t bucket) noexcept;
    static std::uint64_t bucket_width(std::size_t bucket) noexcept;

  private:
    std::vector<std::uint64_t> counts_;
    std::uint64_t count_ = 0;
    std::int64_t min_ = 0;
    std::int64_t max_ = 0;
    long double sum_ = 0;
};

}  // namespace switchboard::tools
