#include "engine/sla/timing_wheel.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include <gtest/gtest.h>

namespace switchboard::sla {
namespace {

using base::Duration;
using base::Time;

// A start that is neither 0 nor aligned to any level, so ticks and wall times differ.
constexpr Time kStart = base::time_from_ms(1'000'037);
constexpr std::int64_t kDayMs = 24 * 3600 * 1000;

Time at(std::int64_t ms) { return kStart + Duration{ms}; }

struct Fired {
    TimerId id;
    std::uint64_t cookie;
    Time deadline;
};

std::vector<Fired> advance_to(TimingWheel& wheel, Time now) {
    std::vector<Fired> fired;
    wheel.advance(now, [&](TimerId id, std::uint64_t cookie, Time deadline) {
        fired.push_back({id, cookie, deadline});
    });
    return fired;
}

std::vector<std::uint64_t> cookies(const std::vector<Fired>& fired) {
    std::vector<std::uint64_t> out;
    for (const Fired& f : fired) out.push_back(f.cookie);
    return out;
}

TEST(TimingWheel, FiresExactlyAtDeadlineNotOneMsBefore) {
    TimingWheel wheel(kStart, 8);
    const TimerId id = *wheel.arm(at(100), 7);
    EXPECT_TRUE(advance_to(wheel, at(99)).empty());
    const std::vector<Fired> fired = advance_to(wheel, at(100));
    ASSERT_EQ(fired.size(), 1u);
    EXPECT_EQ(fired[0].id, id);
    EXPECT_EQ(fired[0].cookie, 7u);
    EXPECT_EQ(fired[0].deadline, at(100));
    EXPECT_EQ(wheel.armed(), 0u);
}

TEST(TimingWheel, FiresExactlyAtDeadlineOnEveryLevel) {
    const std::int64_t kTop = std::int64_t{1} << 36;  // 64^6 ms: the end of the top level
    for (const std::int64_t delay :
         {std::int64_t{1}, std::int64_t{63}, std::int64_t{64}, std::int64_t{65}, std::int64_t{4095},
          std::int64_t{4096}, std::int64_t{262'144} + 3, std::int64_t{16'777'216} - 1,
          std::int64_t{1'073'741'824} + 9, kTop - 1, kTop, kTop + 1}) {
        SCOPED_TRACE(delay);
        TimingWheel wheel(kStart, 8);
        advance_to(wheel, at(29));  // misalign now() against every level
        wheel.arm(at(29 + delay), 1);
        EXPECT_TRUE(advance_to(wheel, at(29 + delay - 1)).empty());
        const std::vector<Fired> fired = advance_to(wheel, at(29 + delay));
        ASSERT_EQ(fired.size(), 1u);
        EXPECT_EQ(fired[0].deadline, at(29 + delay));
    }
}

TEST(TimingWheel, DeadlineAtOrBeforeNowFiresOnNextAdvanceAsDueNow) {
    TimingWheel wheel(kStart, 8);
    advance_to(wheel, at(50));
    wheel.arm(at(50), 1);
    wheel.arm(at(10), 2);
    wheel.arm(base::time_from_ms(std::numeric_limits<std::int64_t>::min()), 3);
    EXPECT_EQ(wheel.deadline_of(*wheel.arm(at(-5), 4)), at(50));
    const std::vector<Fired> fired = advance_to(wheel, at(50));
    EXPECT_EQ(cookies(fired), (std::vector<std::uint64_t>{1, 2, 3, 4}));
    for (const Fired& f : fired) EXPECT_EQ(f.deadline, at(50));
}

TEST(TimingWheel, CancelledTimerNeverFires) {
    TimingWheel wheel(kStart, 8);
    const TimerId doomed = *wheel.arm(at(100), 1);
    wheel.arm(at(100), 2);
    EXPECT_TRUE(wheel.cancel(doomed));
    EXPECT_EQ(wheel.armed(), 1u);
    EXPECT_EQ(cookies(advance_to(wheel, at(10 * kDayMs))), (std::vector<std::uint64_t>{2}));
}

TEST(TimingWheel, StaleIdRejected) {
    TimingWheel wheel(kStart, 1);
    EXPECT_FALSE(wheel.cancel(TimerId{}));
    EXPECT_FALSE(wheel.rearm(TimerId{3, 0}, at(5)));
    const TimerId fired = *wheel.arm(at(1), 1);
    advance_to(wheel, at(1));
    EXPECT_FALSE(wheel.cancel(fired));
    EXPECT_FALSE(wheel.rearm(fired, at(5)));
    EXPECT_FALSE(wheel.deadline_of(fired).has_value());

    const TimerId reused = *wheel.arm(at(5), 2);  // same pool slot, new generation
    EXPECT_EQ(reused.index, fired.index);
    EXPECT_NE(reused.generation, fired.generation);
    EXPECT_FALSE(wheel.cancel(fired));
    EXPECT_TRUE(wheel.cancel(reused));
    EXPECT_FALSE(wheel.cancel(reused));
    EXPECT_TRUE(advance_to(wheel, at(10)).empty());
}

TEST(TimingWheel, RearmMovesDeadlineAndKeepsId) {
    TimingWheel wheel(kStart, 8);
    const TimerId later = *wheel.arm(at(100), 1);
    const TimerId sooner = *wheel.arm(at(5000), 2);
    EXPECT_TRUE(wheel.rearm(later, at(7000)));
    EXPECT_TRUE(wheel.rearm(sooner, at(90)));
    EXPECT_EQ(wheel.deadline_of(later), at(7000));
    std::vector<Fired> fired = advance_to(wheel, at(6999));
    ASSERT_EQ(fired.size(), 1u);
    EXPECT_EQ(fired[0].id, sooner);
    EXPECT_EQ(fired[0].deadline, at(90));
    fired = advance_to(wheel, at(7000));
    ASSERT_EQ(fired.size(), 1u);
    EXPECT_EQ(fired[0].id, later);
    EXPECT_EQ(fired[0].cookie, 1u);
}

TEST(TimingWheel, FiresInDeadlineOrder) {
    TimingWheel wheel(kStart, 5000);
    std::mt19937_64 rng(42);
    std::uniform_int_distribution<std::int64_t> delay(0, 10 * kDayMs);
    std::vector<Time> deadlines;
    for (std::uint64_t i = 0; i < 5000; ++i) {
        deadlines.push_back(at(delay(rng)));
        wheel.arm(deadlines.back(), i);
    }
    std::vector<Time> fired;
    wheel.advance(at(10 * kDayMs), [&](TimerId, std::uint64_t cookie, Time deadline) {
        EXPECT_EQ(deadline, deadlines[cookie]);
        fired.push_back(deadline);
    });
    std::sort(deadlines.begin(), deadlines.end());
    EXPECT_EQ(fired, deadlines);
}

TEST(TimingWheel, TiesFireInArmOrder) {
    TimingWheel wheel(kStart, 8);
    wheel.arm(at(5000), 1);  // placed on level 2, cascaded later
    wheel.arm(at(5000), 2);
    advance_to(wheel, at(4990));
    wheel.arm(at(5000), 3);  // placed after 1 and 2 were cascaded
    wheel.arm(at(5000), 4);
    EXPECT_EQ(cookies(advance_to(wheel, at(5000))), (std::vector<std::uint64_t>{1, 2, 3, 4}));
}

TEST(TimingWheel, TieOrderAfterRearmIsFixedByTheCalls) {
    const auto run = [] {
        TimingWheel wheel(kStart, 8);
        const TimerId first = *wheel.arm(at(5000), 1);
        wheel.arm(at(5000), 2);
        wheel.arm(at(5000), 3);
        EXPECT_TRUE(wheel.rearm(first, at(4000)));  // earlier: moves to the slot of 4000
        EXPECT_TRUE(wheel.rearm(first, at(5000)));  // later: stays there until it is visited
        return cookies(advance_to(wheel, at(5000)));
    };
    const std::vector<std::uint64_t> order = run();
    EXPECT_EQ(order, (std::vector<std::uint64_t>{2, 3, 1}));
    EXPECT_EQ(run(), order);
}

TEST(TimingWheel, PostponedTimerDoesNotFireAtItsOldDeadline) {
    TimingWheel wheel(kStart, 8);
    const TimerId id = *wheel.arm(at(10), 1);
    Time last = at(10);
    for (std::int64_t deadline = 20; deadline <= 200'000; deadline *= 3) {
        EXPECT_TRUE(wheel.rearm(id, at(deadline)));
        EXPECT_TRUE(advance_to(wheel, at(deadline - 1)).empty());
        last = at(deadline);
    }
    EXPECT_EQ(wheel.deadline_of(id), last);
    EXPECT_GT(wheel.stats().rearmed_in_place, 0u);
    const std::vector<Fired> fired = advance_to(wheel, last);
    ASSERT_EQ(fired.size(), 1u);
    EXPECT_EQ(fired[0].deadline, last);
}

TEST(TimingWheel, RearmFromCallback) {
    TimingWheel wheel(kStart, 8);
    const TimerId periodic = *wheel.arm(at(10), 1);
    std::vector<Time> fired;
    const auto every_10ms = [&](TimerId id, std::uint64_t, Time deadline) {
        EXPECT_EQ(id, periodic);
        fired.push_back(deadline);
        EXPECT_TRUE(wheel.rearm(id, deadline + Duration{10}));
    };
    wheel.advance(at(35), every_10ms);  // re-armed due <= 35: fires again in the same call
    EXPECT_EQ(fired, (std::vector<Time>{at(10), at(20), at(30)}));
    wheel.advance(at(40), every_10ms);
    EXPECT_EQ(fired.back(), at(40));
    EXPECT_EQ(wheel.deadline_of(periodic), at(50));
    EXPECT_EQ(wheel.armed(), 1u);
}

TEST(TimingWheel, TimerArmedFromCallbackFiresInSameAdvanceInOrder) {
    TimingWheel wheel(kStart, 8);
    wheel.arm(at(10), 1);
    wheel.arm(at(20), 2);
    std::vector<Fired> fired;
    wheel.advance(at(30), [&](TimerId id, std::uint64_t cookie, Time deadline) {
        fired.push_back({id, cookie, deadline});
        if (cookie != 1) return;
        EXPECT_EQ(wheel.now(), at(10));
        wheel.arm(at(15), 3);
        wheel.arm(at(3), 4);  // in the past: due now, after the timers already due now
        wheel.arm(at(10), 5);
    });
    EXPECT_EQ(cookies(fired), (std::vector<std::uint64_t>{1, 4, 5, 3, 2}));
    EXPECT_EQ(fired[1].deadline, at(10));
    EXPECT_EQ(wheel.now(), at(30));
}

TEST(TimingWheel, CallbackCancelsTimersDueInSameAdvance) {
    TimingWheel wheel(kStart, 8);
    wheel.arm(at(10), 1);
    const TimerId same_ms = *wheel.arm(at(10), 2);
    const TimerId later = *wheel.arm(at(20), 3);
    wheel.arm(at(20), 4);
    std::vector<std::uint64_t> fired;
    wheel.advance(at(30), [&](TimerId, std::uint64_t cookie, Time) {
        fired.push_back(cookie);
        if (cookie != 1) return;
        EXPECT_TRUE(wheel.cancel(same_ms));
        EXPECT_TRUE(wheel.cancel(later));
    });
    EXPECT_EQ(fired, (std::vector<std::uint64_t>{1, 4}));
}

TEST(TimingWheel, FiredIdIsLiveOnlyInsideItsCallback) {
    TimingWheel wheel(kStart, 8);
    const TimerId a = *wheel.arm(at(10), 1);
    const TimerId b = *wheel.arm(at(10), 2);
    wheel.advance(at(10), [&](TimerId id, std::uint64_t cookie, Time) {
        EXPECT_EQ(wheel.armed(), cookie == 1 ? 2u : 1u);  // the firing timer still counts
        EXPECT_FALSE(wheel.deadline_of(id).has_value());
        if (cookie == 2) {
            EXPECT_TRUE(wheel.cancel(id));  // frees it now
            EXPECT_FALSE(wheel.rearm(id, at(50)));
        }
    });
    EXPECT_EQ(wheel.armed(), 0u);
    EXPECT_FALSE(wheel.cancel(a));
    EXPECT_FALSE(wheel.rearm(b, at(50)));
}

TEST(TimingWheel, DeadlinesDaysAway) {
    TimingWheel wheel(kStart, 8);
    for (const std::int64_t days : {3, 30, 400}) wheel.arm(at(days * kDayMs), days);
    for (const std::int64_t days : {3, 30, 400}) {
        SCOPED_TRACE(days);
        EXPECT_TRUE(advance_to(wheel, at(days * kDayMs - 1)).empty());
        const std::vector<Fired> fired = advance_to(wheel, at(days * kDayMs));
        ASSERT_EQ(fired.size(), 1u);
        EXPECT_EQ(fired[0].deadline, at(days * kDayMs));
    }
}

TEST(TimingWheel, DeadlinesBeyondTopLevelRange) {
    TimingWheel wheel(kStart, 8);
    const std::int64_t kYearMs = 365 * kDayMs;
    const Time far[] = {at(3 * kYearMs + 17), at(100 * kYearMs), Time::max()};
    for (std::uint64_t i = 0; i < 3; ++i) wheel.arm(far[i], i);
    for (const Time deadline : far) {
        EXPECT_TRUE(advance_to(wheel, deadline - Duration{1}).empty());
        const std::vector<Fired> fired = advance_to(wheel, deadline);
        ASSERT_EQ(fired.size(), 1u);
        EXPECT_EQ(fired[0].deadline, deadline);
    }
    EXPECT_EQ(wheel.now(), Time::max());
}

TEST(TimingWheel, LongIdleGapIsCheap) {
    TimingWheel wheel(kStart, 8);
    advance_to(wheel, at(3 * kDayMs));
    EXPECT_EQ(wheel.stats().slots_visited, 0u);

    wheel.arm(at(6 * kDayMs), 1);
    EXPECT_EQ(advance_to(wheel, at(6 * kDayMs + 1)).size(), 1u);
    // One cascade per level at most, plus the firing slot: never one step per millisecond.
    EXPECT_LE(wheel.stats().slots_visited, TimingWheel::kLevels + 1);
    EXPECT_LE(wheel.stats().cascaded, TimingWheel::kLevels);
}

// advance() remembers how far ahead nothing is due and skips the slot search until then; a timer
// armed (or re-armed) earlier than that point, on any level or in the overflow list, must still
// fire exactly at its deadline.
TEST(TimingWheel, TimerArmedBeforeTheRememberedQuietSpanStillFiresOnTime) {
    TimingWheel wheel(kStart, 8);
    wheel.arm(at(5 * kDayMs), 1);
    EXPECT_TRUE(advance_to(wheel, at(10)).empty());  // the next event is days away now
    wheel.arm(at(12), 2);                            // level 0, inside the remembered span
    EXPECT_TRUE(advance_to(wheel, at(11)).empty());
    EXPECT_EQ(cookies(advance_to(wheel, at(12))), std::vector<std::uint64_t>{2});

    const TimerId far = *wheel.arm(at(4 * kDayMs), 3);
    EXPECT_TRUE(advance_to(wheel, at(100)).empty());
    ASSERT_TRUE(wheel.rearm(far, at(70'000)));  // moved earlier: to a higher level's slot
    EXPECT_TRUE(advance_to(wheel, at(69'999)).empty());
    EXPECT_EQ(cookies(advance_to(wheel, at(70'000))), std::vector<std::uint64_t>{3});

    TimingWheel idle(kStart, 8);
    EXPECT_TRUE(advance_to(idle, at(10)).empty());  // nothing armed: quiet for ever
    idle.arm(at(2000 * kDayMs), 4);                 // beyond the top level: overflow list
    idle.arm(at(3 * 64 + 5), 5);
    EXPECT_TRUE(advance_to(idle, at(3 * 64 + 4)).empty());
    EXPECT_EQ(cookies(advance_to(idle, at(3 * 64 + 5))), std::vector<std::uint64_t>{5});
    EXPECT_EQ(cookies(advance_to(idle, at(2000 * kDayMs))), std::vector<std::uint64_t>{4});
    EXPECT_EQ(cookies(advance_to(wheel, at(5 * kDayMs))), std::vector<std::uint64_t>{1});
}

TEST(TimingWheel, BoundOnArmedTimers) {
    TimingWheel wheel(kStart, 3);
    const TimerId a = *wheel.arm(at(10), 1);
    wheel.arm(at(20), 2);
    wheel.arm(at(30), 3);
    EXPECT_FALSE(wheel.arm(at(40), 4).has_value());
    EXPECT_EQ(wheel.armed(), 3u);
    EXPECT_TRUE(wheel.rearm(a, at(5)));  // re-arming needs no room
    EXPECT_TRUE(wheel.cancel(a));
    EXPECT_TRUE(wheel.arm(at(40), 4).has_value());
    wheel.advance(at(20), [&](TimerId, std::uint64_t, Time) {
        EXPECT_FALSE(wheel.arm(at(50), 5).has_value());  // the firing timer holds its place
    });
    EXPECT_EQ(wheel.armed(), 2u);
    EXPECT_TRUE(wheel.arm(at(50), 5).has_value());
}

TEST(TimingWheel, NextDeadlineBoundNeverPassesEarliestDeadline) {
    TimingWheel wheel(base::time_from_ms(0), 8);
    EXPECT_FALSE(wheel.next_deadline_bound().has_value());
    wheel.arm(base::time_from_ms(5000), 1);
    wheel.arm(base::time_from_ms(100), 2);
    EXPECT_EQ(wheel.next_deadline_bound(), base::time_from_ms(64));  // start of the slot of 100
    advance_to(wheel, base::time_from_ms(64));
    EXPECT_EQ(wheel.next_deadline_bound(), base::time_from_ms(100));  // now exact
    wheel.arm(base::time_from_ms(1), 3);
    EXPECT_EQ(wheel.next_deadline_bound(), base::time_from_ms(64));  // due now
    advance_to(wheel, base::time_from_ms(5000));
    EXPECT_FALSE(wheel.next_deadline_bound().has_value());
}

TEST(TimingWheel, StartBeforeEpochWorks) {
    TimingWheel wheel(base::time_from_ms(-5000), 8);
    wheel.arm(base::time_from_ms(-1), 1);
    wheel.arm(base::time_from_ms(2), 2);
    EXPECT_EQ(cookies(advance_to(wheel, base::time_from_ms(1))), (std::vector<std::uint64_t>{1}));
    EXPECT_EQ(cookies(advance_to(wheel, base::time_from_ms(2))), (std::vector<std::uint64_t>{2}));
}

TEST(TimingWheel, NodeFitsHalfACacheLine) { EXPECT_LE(TimingWheel::node_bytes(), 32u); }

}  // namespace
}  // namespace switchboard::sla
