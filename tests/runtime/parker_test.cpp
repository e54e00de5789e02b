#include "engine/runtime/parker.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <thread>

#include <gtest/gtest.h>

namespace switchboard::runtime {
namespace {

using namespace std::chrono_literals;

TEST(Parker, WakeOnARunningOwnerIssuesNoWake) {
    Parker parker;
    parker.wake();
    parker.wake();
    EXPECT_EQ(parker.wakes(), 0u);
    EXPECT_EQ(parker.parks(), 0u);
}

TEST(Parker, WakeAfterPrepareMakesParkReturnWithoutSleeping) {
    Parker parker;
    parker.prepare();
    parker.wake();
    parker.park(std::nullopt);  // would sleep for ever had the wake been lost
    EXPECT_EQ(parker.wakes(), 1u);
    EXPECT_EQ(parker.parks(), 0u);
}

TEST(Parker, CancelLeavesTheOwnerRunning) {
    Parker parker;
    parker.prepare();
    parker.cancel();
    parker.wake();
    EXPECT_EQ(parker.wakes(), 0u);
}

// Strict ping-pong: the owner parks (no spin) whenever its item is not there yet; the producer
// publishes one item per round and wakes it. A lost wake-up leaves the owner asleep although its
// item was published, so a round that makes no progress for 10 s (a round takes microseconds) is
// one; the owner's 20 s park timeout then ends that sleep. The test stops after 3 such rounds.
// Odd rounds publish at once, racing the owner's prepare() and re-check; even rounds publish
// once the owner is going to sleep: the two sides of the race the protocol must close.
TEST(Parker, NoWakeUpIsLostInAPingPong) {
    constexpr std::uint64_t kRounds = 20'000;
    constexpr auto kStuck = 10s;
    Parker parker;
    std::atomic<std::uint64_t> published{0};
    std::atomic<std::uint64_t> consumed{0};
    std::thread owner([&] {
        for (std::uint64_t want = 1; want <= kRounds; ++want) {
            const auto ready = [&] { return published.load(std::memory_order_acquire) >= want; };
            // The timeout only ends a sleep a broken wake() left for good, so the test ends.
            while (!ready()) idle_wait(parker, 0ns, 2 * kStuck, ready);
            consumed.store(want, std::memory_order_release);
        }
    });
    std::uint64_t lost = 0;
    for (std::uint64_t round = 1; round <= kRounds && lost < 3; ++round) {
        if (round % 2 == 0) {
            // Even rounds: give the owner time to go to sleep first (bounded: it may be asleep
            // already), so the futex path is taken in about half of the rounds.
            const std::uint64_t parks = parker.parks();
            for (int i = 0; i < 1000 && parker.parks() == parks; ++i) std::this_thread::yield();
        }
        published.store(round, std::memory_order_release);
        parker.wake();
        auto deadline = std::chrono::steady_clock::now() + kStuck;
        while (consumed.load(std::memory_order_acquire) < round) {
            std::this_thread::yield();
            if (std::chrono::steady_clock::now() > deadline) {
                ++lost;
                deadline = std::chrono::steady_clock::time_point::max();
            }
        }
    }
    published.store(kRounds, std::memory_order_release);  // after 3 losses: let the owner finish
    parker.wake();
    owner.join();
    EXPECT_EQ(lost, 0u) << "rounds in which the owner slept through its published item";
    EXPECT_GT(parker.parks(), 0u) << "the owner never parked: the race was not exercised";
}

}  // namespace
}  // namespace switchboard::runtime
