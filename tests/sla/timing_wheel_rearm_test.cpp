// rearm() at the edge of a timer's slot, where its in-place shortcut decides: a deadline at the
// slot's start may stay in place, one ms before it must move the timer, or it would fire late.
// Checked on every level, from several times (so that the wheel's per-slot bounds have been
// refreshed across block boundaries), and with time origins at both ends of the engine's range.
#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include "engine/sla/timing_wheel.hpp"

namespace switchboard::sla {
namespace {

using base::Duration;
using base::Time;

constexpr Time kStart = base::time_from_ms(1'000'037);

std::vector<Time> advance_to(TimingWheel& wheel, Time now) {
    std::vector<Time> fired;
    wheel.advance(now, [&](TimerId, std::uint64_t, Time deadline) { fired.push_back(deadline); });
    return fired;
}

// The start (ms since kStart) of a level-`level` slot ahead of the one holding `now_ms`: the next
// one, or on level 0 (1 ms slots) the third, so that two ms before it is not in the past.
std::int64_t slot_start_ahead(std::int64_t now_ms, unsigned level) {
    if (level == 0) return now_ms + 3;
    const std::int64_t width = std::int64_t{1} << (level * TimingWheel::kLevelBits);
    return (now_ms / width + 1) * width;
}

TEST(TimingWheelRearm, OneMsBeforeTheSlotStartMovesTheTimerOnEveryLevel) {
    // Digits below 61 on every level, some after time has crossed level-1 and level-2 blocks.
    for (const std::int64_t now_ms :
         {std::int64_t{0}, std::int64_t{29}, std::int64_t{4096 * 3 + 64 * 5 + 7},
          std::int64_t{262'144 * 2 + 4096 * 61 + 64 * 62 + 1}}) {
        for (unsigned level = 0; level < TimingWheel::kLevels; ++level) {
            SCOPED_TRACE(testing::Message() << "now " << now_ms << " level " << level);
            TimingWheel wheel(kStart, 4);
            advance_to(wheel, kStart + Duration{now_ms});
            const std::int64_t slot_start = slot_start_ahead(now_ms, level);
            const TimerId id = *wheel.arm(kStart + Duration{slot_start}, 1);
            const std::uint64_t in_place = wheel.stats().rearmed_in_place;

            EXPECT_TRUE(wheel.rearm(id, kStart + Duration{slot_start}));
            EXPECT_EQ(wheel.stats().rearmed_in_place, in_place + 1);
            EXPECT_TRUE(wheel.rearm(id, kStart + Duration{slot_start - 1}));
            EXPECT_EQ(wheel.stats().rearmed_in_place, in_place + 1);

            EXPECT_TRUE(advance_to(wheel, kStart + Duration{slot_start - 2}).empty());
            EXPECT_EQ(advance_to(wheel, kStart + Duration{slot_start - 1}),
                      std::vector<Time>{kStart + Duration{slot_start - 1}});
        }
    }
}

TEST(TimingWheelRearm, PostponingAcrossTheWholeRangeNeverFiresEarly) {
    // Slot starts near the top of the engine's range, and with the origin at its bottom.
    for (const Time start : {Time::max() - Duration{5000}, Time::min(), kStart}) {
        TimingWheel wheel(start, 4);
        const Time last = start == Time::min() ? start + Duration{5000} : Time::max();
        const TimerId id = *wheel.arm(last - Duration{1000}, 1);
        EXPECT_TRUE(wheel.rearm(id, last - Duration{100}));
        EXPECT_TRUE(wheel.rearm(id, last));
        EXPECT_TRUE(advance_to(wheel, last - Duration{1}).empty());
        EXPECT_EQ(advance_to(wheel, last), std::vector<Time>{last});
    }
}

TEST(TimingWheelRearm, DueNowTimerRearmedIntoThePastIsDueNow) {
    TimingWheel wheel(kStart, 4);
    advance_to(wheel, kStart + Duration{100});
    const TimerId id = *wheel.arm(kStart + Duration{100}, 1);  // in now()'s level-0 slot
    EXPECT_TRUE(wheel.rearm(id, kStart + Duration{40}));
    EXPECT_EQ(wheel.deadline_of(id), kStart + Duration{100});
    EXPECT_EQ(advance_to(wheel, kStart + Duration{100}), std::vector<Time>{kStart + Duration{100}});
}

}  // namespace
}  // namespace switchboard::sla
