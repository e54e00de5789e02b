// Engine time. The core never reads a clock: the runtime (or a test, or the simulator) passes
// `now` into every step. Resolution is one millisecond, the unit of every SLA in the domain.
#pragma once

#include <chrono>
#include <cstdint>

namespace switchboard::base {

// A clock with no now(): time points of this clock can only be made by whoever drives the core.
struct EngineClock {
    using rep = std::int64_t;
    using period = std::milli;
    using duration = std::chrono::duration<rep, period>;
    using time_point = std::chrono::time_point<EngineClock>;
    static constexpr bool is_steady = true;
};

using Duration = EngineClock::duration;
using Time = EngineClock::time_point;

constexpr Time time_from_ms(std::int64_t ms) noexcept { return Time{Duration{ms}}; }
constexpr std::int64_t to_ms(Time t) noexcept { return t.time_since_epoch().count(); }
constexpr std::int64_t to_ms(Duration d) noexcept { return d.count(); }

}  // namespace switchboard::base
