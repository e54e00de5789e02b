#include "engine/runtime/spsc_ring.hpp"

#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace switchboard::runtime {
namespace {

TEST(SpscRing, CapacityIsRoundedUpToAPowerOfTwo) {
    EXPECT_EQ(SpscRing<int>(5).capacity(), 8u);
    EXPECT_EQ(SpscRing<int>(64).capacity(), 64u);
}

TEST(SpscRing, FullRingRefusesAndLeavesTheValue) {
    SpscRing<std::string> ring(2);
    std::string a = "a", b = "b", c = "c";
    EXPECT_TRUE(ring.try_push(std::move(a)));
    EXPECT_TRUE(ring.try_push(std::move(b)));
    EXPECT_FALSE(ring.try_push(std::move(c)));
    EXPECT_EQ(c, "c");
    EXPECT_EQ(ring.size_guess(), 2u);
}

TEST(SpscRing, PopsInPushOrderAcrossWrapAround) {
    SpscRing<int> ring(4);
    int next_in = 0;
    int next_out = 0;
    for (int round = 0; round < 10; ++round) {
        std::vector<int> batch = {next_in, next_in + 1, next_in + 2};
        ASSERT_EQ(ring.push_batch(batch.begin(), batch.size()), 3u);
        next_in += 3;
        ring.pop_batch(8, [&](int v) { EXPECT_EQ(v, next_out++); });
    }
    EXPECT_EQ(next_out, 30);
}

TEST(SpscRing, PushBatchTakesThePrefixThatFits) {
    SpscRing<int> ring(4);
    std::vector<int> batch = {1, 2, 3, 4, 5, 6};
    EXPECT_EQ(ring.push_batch(batch.begin(), batch.size()), 4u);
    EXPECT_EQ(ring.push_batch(batch.begin() + 4, 2), 0u);
    std::vector<int> out;
    EXPECT_EQ(ring.pop_batch(2, [&](int v) { out.push_back(v); }), 2u);
    EXPECT_EQ(ring.push_batch(batch.begin() + 4, 2), 2u);
    ring.pop_batch(10, [&](int v) { out.push_back(v); });
    EXPECT_EQ(out, (std::vector<int>{1, 2, 3, 4, 5, 6}));
}

TEST(SpscRing, ConsumeBatchIndexesAcrossTheWrapAndReleasesTheWholeBatch) {
    SpscRing<int> ring(8);
    std::vector<int> in{0, 1, 2, 3, 4, 5};
    ASSERT_EQ(ring.push_batch(in.begin(), in.size()), 6u);
    ASSERT_EQ(ring.pop_batch(5, [](int&) {}), 5u);  // head at 5: the next batch wraps at 8
    std::vector<int> more{6, 7, 8, 9, 10, 11};
    ASSERT_EQ(ring.push_batch(more.begin(), more.size()), 6u);

    std::vector<int> seen;
    const std::size_t n = ring.consume_batch(4, [&](const SpscRing<int>::Batch& batch) {
        ASSERT_EQ(batch.size(), 4u);
        for (std::size_t i = batch.size(); i-- > 0;) seen.push_back(batch[i]);  // any order
    });
    EXPECT_EQ(n, 4u);
    EXPECT_EQ(seen, (std::vector<int>{8, 7, 6, 5}));
    EXPECT_EQ(ring.size_guess(), 3u);

    // At most what is readable, and an empty batch when nothing is.
    EXPECT_EQ(
        ring.consume_batch(10, [](const SpscRing<int>::Batch& b) { EXPECT_EQ(b.size(), 3u); }), 3u);
    bool called = false;
    EXPECT_EQ(ring.consume_batch(10,
                                 [&](const SpscRing<int>::Batch& b) {
                                     called = true;
                                     EXPECT_EQ(b.size(), 0u);
                                 }),
              0u);
    EXPECT_TRUE(called);
    // The released slots take new elements.
    std::vector<int> refill(8, 1);
    EXPECT_EQ(ring.push_batch(refill.begin(), refill.size()), 8u);
}

TEST(SpscRing, TwoThreadsTransferEveryItemOnceInOrder) {
    constexpr std::uint64_t kItems = 200'000;
    SpscRing<std::uint64_t> ring(64);
    std::thread producer([&] {
        std::uint64_t next = 0;
        std::vector<std::uint64_t> batch;
        while (next < kItems) {
            batch.clear();
            for (std::uint64_t i = 0; i < 7 && next + i < kItems; ++i) batch.push_back(next + i);
            std::size_t done = 0;
            while (done < batch.size()) {
                done += ring.push_batch(batch.begin() + static_cast<std::ptrdiff_t>(done),
                                        batch.size() - done);
            }
            next += batch.size();
        }
    });
    std::uint64_t expected = 0;
    bool in_order = true;
    while (expected < kItems) {
        ring.pop_batch(16, [&](std::uint64_t v) {
            in_order = in_order && v == expected;
            ++expected;
        });
    }
    producer.join();
    EXPECT_TRUE(in_order);
    EXPECT_EQ(expected, kItems);
    EXPECT_TRUE(ring.empty_guess());
}

}  // namespace
}  // namespace switchboard::runtime
