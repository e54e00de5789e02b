// LatencyHistogram: bucket bounds as Prometheus `le` labels, the bucket of a latency, reads
// from another thread while the shard records, and the engine measuring every event it applies.
#include "engine/runtime/latency_histogram.hpp"

#include <atomic>
#include <cstdint>
#include <limits>
#include <thread>

#include <gtest/gtest.h>

#include "engine/runtime/router.hpp"

#include "tests/runtime/runtime_test_support.hpp"

namespace switchboard::testing {
namespace {

using runtime::LatencyHistogram;
using runtime::LatencySnapshot;

TEST(LatencyHistogram, BucketsArePowersOfTwoMicrosecondsUpToAboutASecond) {
    EXPECT_EQ(LatencySnapshot::upper_bound_ns(0), 1'000);
    EXPECT_EQ(LatencySnapshot::upper_bound_ns(10), 1'024'000);
    EXPECT_EQ(LatencySnapshot::upper_bound_ns(LatencySnapshot::kFiniteBuckets - 1), 1'048'576'000);
    EXPECT_EQ(LatencySnapshot::kBuckets, LatencySnapshot::kFiniteBuckets + 1);
}

TEST(LatencyHistogram, LeLabelsAreExactSeconds) {
    EXPECT_EQ(LatencySnapshot::le_label(0), "0.000001");
    EXPECT_EQ(LatencySnapshot::le_label(9), "0.000512");
    EXPECT_EQ(LatencySnapshot::le_label(10), "0.001024");
    EXPECT_EQ(LatencySnapshot::le_label(20), "1.048576");
    EXPECT_EQ(LatencySnapshot::le_label(21), "+Inf");
}

TEST(LatencyHistogram, UpperBoundsAreInclusive) {
    EXPECT_EQ(LatencySnapshot::bucket_of(0), 0u);
    EXPECT_EQ(LatencySnapshot::bucket_of(1'000), 0u);
    EXPECT_EQ(LatencySnapshot::bucket_of(1'001), 1u);
    EXPECT_EQ(LatencySnapshot::bucket_of(2'000), 1u);
    EXPECT_EQ(LatencySnapshot::bucket_of(2'001), 2u);
    EXPECT_EQ(LatencySnapshot::bucket_of(1'048'576'000), 20u);
    EXPECT_EQ(LatencySnapshot::bucket_of(1'048'576'001), 21u);
}

TEST(LatencyHistogram, NegativeAndHugeLatenciesLandInTheEndBuckets) {
    EXPECT_EQ(LatencySnapshot::bucket_of(-5), 0u);
    EXPECT_EQ(LatencySnapshot::bucket_of(std::numeric_limits<std::int64_t>::max()), 21u);
}

TEST(LatencyHistogram, EveryLatencyIsInTheFirstBucketThatHoldsIt) {
    for (std::int64_t ns = 0; ns < 3'000'000'000; ns = ns * 5 / 4 + 1) {
        const std::size_t b = LatencySnapshot::bucket_of(ns);
        if (b < LatencySnapshot::kFiniteBuckets) {
            EXPECT_LE(ns, LatencySnapshot::upper_bound_ns(b)) << ns;
        }
        if (b > 0) {
            EXPECT_GT(ns, LatencySnapshot::upper_bound_ns(b - 1)) << ns;
        }
    }
}

TEST(LatencyHistogram, ReadSumsCountsAndLatencies) {
    LatencyHistogram h;
    h.record(500);
    h.record(3'000, 4);
    h.record(-7);  // counted as 0
    h.record(5'000'000'000);
    const LatencySnapshot s = h.read();
    EXPECT_EQ(s.count, 7u);
    EXPECT_EQ(s.sum_ns, 500u + 12'000u + 5'000'000'000u);
    EXPECT_EQ(s.buckets[0], 2u);
    EXPECT_EQ(s.buckets[2], 4u);
    EXPECT_EQ(s.buckets[21], 1u);
}

TEST(LatencyHistogram, MergeAddsAndQuantilesNameABucketBound) {
    LatencyHistogram a, b;
    for (int i = 0; i < 90; ++i) a.record(800);
    for (int i = 0; i < 10; ++i) b.record(300'000);
    LatencySnapshot total = a.read();
    total.merge(b.read());
    EXPECT_EQ(total.count, 100u);
    EXPECT_EQ(total.quantile_bound_ns(0.5), 1'000);
    EXPECT_EQ(total.quantile_bound_ns(0.9), 1'000);
    EXPECT_EQ(total.quantile_bound_ns(0.99), 512'000);
    EXPECT_EQ(LatencySnapshot{}.quantile_bound_ns(0.5), 0);
}

TEST(LatencyHistogram, ReaderOnAnotherThreadSeesMonotonicCounts) {
    LatencyHistogram h;
    constexpr std::uint64_t kRecords = 200'000;
    std::atomic<bool> done{false};
    std::thread writer([&] {
        for (std::uint64_t i = 0; i < kRecords; ++i) h.record(static_cast<std::int64_t>(i % 5000));
        done.store(true);
    });
    std::uint64_t last = 0;
    while (!done.load()) {
        const LatencySnapshot s = h.read();
        EXPECT_GE(s.count, last);
        last = s.count;
    }
    writer.join();
    EXPECT_EQ(h.read().count, kRecords);
}

TEST(LatencyHistogram, EngineMeasuresEveryAppliedEvent) {
    RuntimeConfig cfg;
    cfg.shards = 2;
    cfg.tenants = 3;
    Router router = Router::start(runtime_snapshot(cfg)).value();
    Gateway gateway = router.connect().value();
    std::uint64_t submitted = 0;
    for (std::uint32_t t = 0; t < cfg.tenants; ++t) {
        ASSERT_EQ(gateway.submit(Submission{login(tenant_name(t), "alice", 5), {}, 0}),
                  SubmitStatus::kAccepted);
        ASSERT_EQ(gateway.submit(Submission{message(tenant_name(t), "c1"), "hi", 0}),
                  SubmitStatus::kAccepted);
        submitted += 2;
    }
    RecordingHandler out;
    ASSERT_TRUE(poll_until(router, out, [&] { return out.deliveries.size() == cfg.tenants; }));
    router.stop();
    const LatencySnapshot total = router.engine().latency();
    EXPECT_EQ(total.count, submitted);
    EXPECT_GT(total.sum_ns, 0u);
    std::uint64_t per_shard = 0;
    for (std::uint32_t s = 0; s < router.engine().shard_count(); ++s) {
        per_shard += router.engine().latency(s).count;
    }
    EXPECT_EQ(per_shard, submitted);
}

}  // namespace
}  // namespace switchboard::testing
