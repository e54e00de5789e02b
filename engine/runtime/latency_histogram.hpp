// Engine latency as a histogram for /metrics: how long an event took from the gateway's submit
// call until the shard published the outputs of the batch that applied it (rings, routing and
// publication; not the consumer's polling). Buckets are fixed powers of two of a microsecond,
// 1 µs .. 1.048576 s, plus an overflow bucket: a Prometheus histogram whose `le` bounds are exact
// short decimals ("0.000512", "1.048576", "+Inf"), and whose bucket index is a bit-width, so a
// record costs a few instructions and no branch per bucket.
//
// Threads: one writer (the shard thread) records with relaxed atomic loads and stores (no
// read-modify-write: nothing else writes); any thread may read(). A read taken while the writer
// records may see a bucket count without the matching sum, never a torn value; its count is the
// sum of its buckets, so the +Inf bucket and _count always agree.
#pragma once

#include <array>
#include <atomic>
#include <bit>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace switchboard::runtime {

// Steady-clock nanoseconds: the stamp of Submission::submitted_ns and of a batch's publication.
inline std::int64_t steady_now_ns() noexcept {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

struct LatencySnapshot {
    static constexpr std::size_t kFiniteBuckets = 21;  // upper bounds 2^i µs, i = 0 .. 20
    static constexpr std::size_t kBuckets = kFiniteBuckets + 1;  // + overflow (+Inf)

    std::uint64_t count = 0;                        // events recorded: the sum of `buckets`
    std::uint64_t sum_ns = 0;                       // their latencies added up
    std::array<std::uint64_t, kBuckets> buckets{};  // per bucket, not cumulative

    // Upper bound of finite bucket i (i < kFiniteBuckets) in nanoseconds: 1000 * 2^i.
    static constexpr std::int64_t upper_bound_ns(std::size_t i) noexcept {
        return std::int64_t{1000} << i;
    }
    // The bucket of a latency: the first whose upper bound is >= it (so `le` is inclusive);
    // negative latencies (clock skew cannot happen on a steady clock, but cost nothing to
    // handle) count as 0.
    static constexpr std::size_t bucket_of(std::int64_t latency_ns) noexcept {
        if (latency_ns <= 1000) return 0;
        if (latency_ns > upper_bound_ns(kFiniteBuckets - 1)) return kFiniteBuckets;
        // ceil(latency / 1 µs) <= 2^i  <=>  i >= bit_width(ceil - 1)
        const auto micros = static_cast<std::uint64_t>((latency_ns + 999) / 1000);
        return static_cast<std::size_t>(std::bit_width(micros - 1));
    }
    // The Prometheus `le` label of bucket i, in seconds: "0.000001" .. "1.048576", "+Inf".
    static std::string le_label(std::size_t i);

    // Adds another histogram's counts (a shard's into the engine's total).
    void merge(const LatencySnapshot& other) noexcept;
    // The upper bound (ns) of the bucket holding the q-quantile (0 < q <= 1), 0 when empty and
    // -1 when it falls in the overflow bucket. An estimate within a factor of two.
    std::int64_t quantile_bound_ns(double q) const noexcept;
};

class LatencyHistogram {
  public:
    // Writer thread only. Records `n` events that each took `latency_ns`.
    void record(std::int64_t latency_ns, std::uint64_t n = 1) noexcept {
        const std::int64_t clamped = latency_ns < 0 ? 0 : latency_ns;
        bump(buckets_[LatencySnapshot::bucket_of(clamped)], n);
        bump(sum_ns_, static_cast<std::uint64_t>(clamped) * n);
    }

    // Any thread.
    LatencySnapshot read() const noexcept;

  private:
    static void bump(std::atomic<std::uint64_t>& cell, std::uint64_t by) noexcept {
        cell.store(cell.load(std::memory_order_relaxed) + by, std::memory_order_relaxed);
    }

    std::array<std::atomic<std::uint64_t>, LatencySnapshot::kBuckets> buckets_{};
    std::atomic<std::uint64_t> sum_ns_{0};
};

}  // namespace switchboard::runtime
