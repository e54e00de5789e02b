#include "engine/core/closed_ids.hpp"

#include <cstdint>
#include <deque>
#include <map>
#include <random>

#include <gtest/gtest.h>

namespace switchboard::core {
namespace {

TEST(ClosedIds, RemembersTheLastClosesAndForgetsTheOldestFirst) {
    ClosedIds closed(3);
    closed.remember(10);
    closed.remember(20);
    closed.remember(30);
    EXPECT_TRUE(closed.contains(10));
    closed.remember(40);  // evicts 10
    EXPECT_FALSE(closed.contains(10));
    EXPECT_TRUE(closed.contains(20));
    EXPECT_TRUE(closed.contains(40));
    EXPECT_FALSE(closed.contains(50));
    EXPECT_EQ(closed.size(), 3u);
}

TEST(ClosedIds, AnIdClosedTwiceStaysUntilItsLaterCloseIsEvicted) {
    ClosedIds closed(2);
    closed.remember(7);
    closed.remember(7);
    closed.remember(8);  // evicts the first 7 only
    EXPECT_TRUE(closed.contains(7));
    closed.remember(9);  // evicts the second 7
    EXPECT_FALSE(closed.contains(7));
}

TEST(ClosedIds, ZeroCapacityRemembersNothingAndAZeroFingerprintWorks) {
    ClosedIds none(0);
    none.remember(5);
    EXPECT_FALSE(none.contains(5));
    EXPECT_EQ(none.size(), 0u);
    ClosedIds closed(2);
    closed.remember(0);
    EXPECT_TRUE(closed.contains(0));
    closed.remember(3);
    closed.remember(4);
    EXPECT_FALSE(closed.contains(0));
}

// Seeded churn with fingerprints from a small range, so probe runs overlap, collide and wrap
// around the table: after every step the set agrees with a plain ring + counts model.
TEST(ClosedIds, AgreesWithAModelUnderRandomChurn) {
    for (const std::uint32_t capacity : {1u, 5u, 64u, 1000u}) {
        ClosedIds closed(capacity);
        std::deque<std::uint64_t> order;
        std::map<std::uint64_t, int> counts;
        std::mt19937_64 rng(capacity);
        // Values with equal low bits land on the same home slot. From 2 up: 0 and 1 are one
        // fingerprint to the set (see kZero), which the model does not mimic.
        std::uniform_int_distribution<std::uint64_t> pick(2, 3 * std::uint64_t{capacity} + 2);
        for (int step = 0; step < 20'000; ++step) {
            const std::uint64_t print = pick(rng) << (step % 2 == 0 ? 0 : 20);
            closed.remember(print);
            order.push_back(print);
            ++counts[print];
            if (order.size() > capacity) {
                if (--counts[order.front()] == 0) counts.erase(order.front());
                order.pop_front();
            }
            ASSERT_EQ(closed.size(), order.size());
            const std::uint64_t probe = pick(rng) << (step % 3 == 0 ? 20 : 0);
            ASSERT_EQ(closed.contains(probe), counts.contains(probe))
                << "capacity " << capacity << " step " << step << " probe " << probe;
            ASSERT_TRUE(closed.contains(print));
        }
    }
}

}  // namespace
}  // namespace switchboard::core
