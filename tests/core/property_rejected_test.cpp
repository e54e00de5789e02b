// Property tests (issue: property tests, B): a rejected event changes no state. Random streams
// (with timers and without) are applied one event at a time; before each event a Tick at the
// same time fires every due timer, so that whatever the event's own apply() does is the event's
// doing. Whenever the event is rejected, the shard must have emitted exactly that one Rejected
// action, counted it, and left every other piece of state (state_dump) exactly as it was.
// Named cases for specific wrong sequences are in rejected_events_test.cpp.
#include <cstdio>
#include <string>

#include <gtest/gtest.h>

#include "tests/core/property_configs.hpp"
#include "tests/core/property_events.hpp"
#include "tests/core/property_harness.hpp"
#include "tests/core/scenario.hpp"

namespace switchboard::testing {
namespace {

constexpr std::uint32_t kSteps = 3000;

bool rejected(const std::vector<SeenAction>& seen) {
    for (const SeenAction& s : seen) {
        if (std::holds_alternative<core::Rejected>(s.action)) return true;
    }
    return false;
}

void run_seed(const std::string& yaml, std::uint64_t seed, std::uint32_t steps,
              const TimeSteps& time) {
    SCOPED_TRACE(announce_seed(seed, steps));
    ShardRun run(yaml, seed);
    auto& [scenario, shard, generator, sink, history, tally, now_ms] = run;
    std::uint32_t rejections = 0;
    for (std::uint32_t step = 0; step < steps; ++step) {
        SCOPED_TRACE("step " + std::to_string(step));
        now_ms += generator.advance_ms(time);
        const core::Event tick = core::Tick{};
        sink.begin(tick);
        shard.apply(tick, base::time_from_ms(now_ms), sink);
        tally.add(sink.lines());
        ASSERT_EQ(step_problem(shard, sink), "") << history.str();
        const core::Event event = generator.next();
        const std::string before = state_dump(shard);
        const std::uint64_t rejected_before = shard.stats().rejected;
        const std::uint64_t events_before = shard.stats().events;
        sink.begin(event);
        shard.apply(event, base::time_from_ms(now_ms), sink);
        history.add(step, now_ms, event, sink.lines());
        tally.add(sink.lines());
        ASSERT_EQ(step_problem(shard, sink), "") << history.str();
        if (!rejected(sink.seen())) continue;
        ++rejections;
        ASSERT_EQ(sink.seen().size(), 1u) << "a rejection came with other actions\n"
                                          << history.str();
        ASSERT_EQ(shard.stats().rejected, rejected_before + 1) << history.str();
        ASSERT_EQ(shard.stats().events, events_before + 1) << history.str();
        ASSERT_EQ(state_dump(shard), before) << "a rejected event changed state\n" << history.str();
    }
    std::printf("[ property ] %u of %u events rejected\n", rejections, steps);
    std::printf("[ property ] %s\n", tally.str().c_str());
}

void run_seeds(const std::string& yaml, std::initializer_list<std::uint64_t> seeds,
               const TimeSteps& time) {
    for_each_seed(seeds, kSteps, [&](std::uint64_t seed, std::uint32_t steps) {
        run_seed(yaml, seed, steps, time);
    });
}

TEST(PropertyRejected, RejectedEventsChangeNothingWithoutTimers) {
    run_seeds(mixed_strategies_config(), {701, 702, 703}, TimeSteps{});
}

TEST(PropertyRejected, RejectedEventsChangeNothingWithTimers) {
    run_seeds(timers_config(), {801, 802, 803}, TimeSteps{5000, 10, 20});
}

TEST(PropertyRejected, RejectedEventsChangeNothingWithOffersEverywhere) {
    run_seeds(timers_config_variant(), {901, 902}, TimeSteps{3000, 10, 20});
}

}  // namespace
}  // namespace switchboard::testing
