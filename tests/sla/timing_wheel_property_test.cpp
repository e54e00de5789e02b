// Seeded random arm / cancel / rearm / advance streams, including actions taken from inside
// on_fire, checked after every step against a reference that keeps timers sorted in a std::map.
// Every fire must be the reference's earliest live timer (ties in any order: the wheel promises a
// deterministic tie order, checked by running each seed twice), so a timer firing early, late,
// twice, out of order or never is caught at the step where it happens.
#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "engine/sla/timing_wheel.hpp"

namespace switchboard::sla {
namespace {

using base::Duration;
using base::Time;

constexpr Time kStart = base::time_from_ms(-123'457);
constexpr std::uint32_t kMaxTimers = 200;
constexpr int kMaxCallbackActions = 64;  // per advance, so re-arming chains stay finite

// The model: live timers ordered by (effective deadline, arm sequence).
class Reference {
  public:
    using Key = std::pair<Time, std::uint64_t>;

    std::size_t holding() const { return by_id_.size() + (firing_ ? 1 : 0); }
    bool live(TimerId id) const { return pending(id) || (firing_ && id == firing_id_); }
    bool pending(TimerId id) const { return by_id_.contains(id); }  // armed, not firing
    bool empty() const { return by_id_.empty(); }
    Time earliest_deadline() const { return by_deadline_.begin()->first.first; }
    // The live timer's (effective deadline, cookie); precondition: live and not firing.
    std::pair<Time, std::uint64_t> get(TimerId id) const {
        const Key& key = by_id_.at(id);
        return {key.first, by_deadline_.at(key).second};
    }

    void arm(TimerId id, Time deadline, std::uint64_t cookie, Time now) {
        const Key key{std::max(deadline, now), next_seq_++};
        by_deadline_.emplace(key, std::pair{id, cookie});
        by_id_.emplace(id, key);
    }
    std::uint64_t remove(TimerId id) {
        const auto it = by_id_.find(id);
        const std::uint64_t cookie = by_deadline_.at(it->second).second;
        by_deadline_.erase(it->second);
        by_id_.erase(it);
        return cookie;
    }
    // Takes the timer out and marks it as firing.
    void begin_fire(TimerId id) {
        firing_cookie_ = remove(id);
        firing_ = true;
        firing_id_ = id;
    }
    void cancel(TimerId id, Time) {
        if (firing_ && id == firing_id_) {
            firing_ = false;
        } else {
            remove(id);
        }
    }
    void rearm(TimerId id, Time deadline, Time now) {
        std::uint64_t cookie = firing_cookie_;
        if (firing_ && id == firing_id_) {
            firing_ = false;
        } else {
            cookie = remove(id);
        }
        arm(id, deadline, cookie, now);
    }
    void end_fire() { firing_ = false; }

  private:
    std::map<Key, std::pair<TimerId, std::uint64_t>> by_deadline_;
    std::map<TimerId, Key> by_id_;
    std::uint64_t next_seq_ = 0;
    bool firing_ = false;
    TimerId firing_id_;
    std::uint64_t firing_cookie_ = 0;
};

class PropertyRun {
  public:
    explicit PropertyRun(std::uint64_t seed) : rng_(seed), wheel_(kStart, kMaxTimers) {}

    // Every fire so far, in order.
    const std::vector<std::pair<TimerId, Time>>& trace() const { return trace_; }

    void step() {
        const int action = pick(0, 99);
        if (action < 35) {
            arm();
        } else if (action < 50) {
            cancel();
        } else if (action < 70) {
            rearm();
        } else {
            advance(wheel_.now() + advance_delta(), /*act_in_callback=*/true);
        }
        check_between_steps();
    }

    // Advances far enough for everything to fire, with no actions from callbacks.
    void drain() {
        advance(wheel_.now() + Duration{std::int64_t{1} << 42}, /*act_in_callback=*/false);
        EXPECT_TRUE(ref_.empty());
        EXPECT_EQ(wheel_.armed(), 0u);
    }

  private:
    std::int64_t pick(std::int64_t lo, std::int64_t hi) {
        return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng_);
    }

    // Mostly near deadlines (same level-0 block), some far, a few in the past or past the top.
    Time random_deadline() {
        const Time now = wheel_.now();
        const int kind = static_cast<int>(pick(0, 9));
        if (kind == 0) return now - Duration{pick(0, 100)};
        if (kind <= 4) return now + Duration{pick(0, 200)};
        if (kind <= 6) return now + Duration{pick(0, 100'000)};
        if (kind <= 8) return now + Duration{pick(0, 30LL * 24 * 3600 * 1000)};
        return now + Duration{pick(0, std::int64_t{1} << 40)};
    }

    Duration advance_delta() {
        const int kind = static_cast<int>(pick(0, 9));
        if (kind <= 2) return Duration{pick(0, 3)};
        if (kind <= 6) return Duration{pick(0, 300)};
        if (kind <= 8) return Duration{pick(0, 200'000)};
        return Duration{pick(0, std::int64_t{1} << 38)};
    }

    TimerId random_issued_id() {
        if (issued_.empty()) return TimerId{};
        return issued_[static_cast<std::size_t>(pick(0, std::ssize(issued_) - 1))];
    }

    void arm() {
        const Time deadline = random_deadline();
        const std::uint64_t cookie = next_cookie_++;
        const std::optional<TimerId> id = wheel_.arm(deadline, cookie);
        ASSERT_EQ(id.has_value(), ref_.holding() < kMaxTimers);
        if (!id) return;
        EXPECT_FALSE(ref_.live(*id));
        ref_.arm(*id, deadline, cookie, wheel_.now());
        issued_.push_back(*id);
    }

    void cancel() {
        const TimerId id = random_issued_id();
        const bool expected = ref_.live(id);
        ASSERT_EQ(wheel_.cancel(id), expected);
        if (expected) ref_.cancel(id, wheel_.now());
    }

    // Half the time a nudge of the current deadline, a few ms or seconds either way: moving a
    // timer slightly earlier or later is where in-place postponement could go wrong.
    Time rearm_deadline(TimerId id) {
        if (!ref_.pending(id) || pick(0, 1) == 0) return random_deadline();
        const std::int64_t scale = pick(0, 1) == 0 ? 1 : 1000;
        return ref_.get(id).first + Duration{pick(-3, 3) * scale};
    }

    void rearm() {
        const TimerId id = random_issued_id();
        const Time deadline = rearm_deadline(id);
        const bool expected = ref_.live(id);
        ASSERT_EQ(wheel_.rearm(id, deadline), expected);
        if (expected) ref_.rearm(id, deadline, wheel_.now());
    }

    void advance(Time target, bool act_in_callback) {
        int actions_left = act_in_callback ? kMaxCallbackActions : 0;
        wheel_.advance(target, [&](TimerId id, std::uint64_t cookie, Time deadline) {
            trace_.emplace_back(id, deadline);
            ASSERT_TRUE(ref_.live(id)) << "fired a timer that is not armed";
            ASSERT_EQ(ref_.get(id), std::pair(deadline, cookie));
            ASSERT_EQ(deadline, ref_.earliest_deadline()) << "fired out of deadline order";
            ASSERT_LE(deadline, target);
            EXPECT_EQ(wheel_.now(), deadline);
            ref_.begin_fire(id);
            if (actions_left > 0 && pick(0, 2) == 0) {
                --actions_left;
                act_from_callback(id);
            }
            ref_.end_fire();
        });
        EXPECT_EQ(wheel_.now(), target);
        if (!ref_.empty()) {
            EXPECT_GT(ref_.earliest_deadline(), target) << "a due timer was not fired";
        }
    }

    void act_from_callback(TimerId firing) {
        const int action = static_cast<int>(pick(0, 3));
        if (action == 0) {
            const Time deadline = random_deadline();
            EXPECT_TRUE(wheel_.rearm(firing, deadline));
            ref_.rearm(firing, deadline, wheel_.now());
        } else if (action == 1) {
            arm();
        } else if (action == 2) {
            cancel();
        } else {
            rearm();
        }
    }

    void check_between_steps() {
        ASSERT_EQ(wheel_.armed(), ref_.holding());
        const std::optional<Time> bound = wheel_.next_deadline_bound();
        ASSERT_EQ(bound.has_value(), !ref_.empty());
        if (!bound) return;
        EXPECT_GE(*bound, wheel_.now());
        EXPECT_LE(*bound, ref_.earliest_deadline());
    }

    std::mt19937_64 rng_;
    TimingWheel wheel_;
    Reference ref_;
    std::vector<TimerId> issued_;
    std::vector<std::pair<TimerId, Time>> trace_;
    std::uint64_t next_cookie_ = 0;
};

// Runs one seeded stream to the end; returns the fire trace.
std::vector<std::pair<TimerId, Time>> run_stream(std::uint64_t seed) {
    constexpr int kSteps = 4000;
    PropertyRun run(seed);
    for (int i = 0; i < kSteps && !testing::Test::HasFailure(); ++i) run.step();
    if (!testing::Test::HasFailure()) run.drain();
    return run.trace();
}

TEST(TimingWheelProperty, RandomStreamsMatchSortedReference) {
    for (std::uint64_t seed = 1; seed <= 24; ++seed) {
        SCOPED_TRACE("seed " + std::to_string(seed));
        const std::vector<std::pair<TimerId, Time>> trace = run_stream(seed);
        if (testing::Test::HasFailure()) return;
        EXPECT_EQ(run_stream(seed), trace) << "same calls, different fire order";
    }
}

}  // namespace
}  // namespace switchboard::sla
