// Property tests (issue: property tests, C): seeded random events with random time advances
// (0..5 s, now and then a jump of hours) on configs with every timer: reply deadlines with
// warnings, reassignment, escalation and auto-away with cool-down, widening ladders, max wait,
// position updates, offers and idle close. After every step the shard keeps its invariants and
// the TimerOracle finds every timer acting exactly at its deadline, nothing overdue, nothing lost
// and nobody given back a conversation they missed. Replay: SB_PROPERTY_SEED=<n>.
#include <cstdio>
#include <string>

#include <gtest/gtest.h>

#include "tests/core/property_configs.hpp"
#include "tests/core/property_events.hpp"
#include "tests/core/property_harness.hpp"
#include "tests/core/scenario.hpp"
#include "tests/core/timer_oracle.hpp"

namespace switchboard::testing {
namespace {

constexpr std::uint32_t kSteps = 4000;

std::string joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const std::string& line : lines) out += "  " + line + "\n";
    return out;
}

void run_seed(const std::string& yaml, std::uint64_t seed, std::uint32_t steps,
              const TimeSteps& time) {
    SCOPED_TRACE(announce_seed(seed, steps));
    ShardRun run(yaml, seed);
    auto& [scenario, shard, generator, sink, history, tally, now_ms] = run;
    TimerOracle oracle(shard);
    for (std::uint32_t step = 0; step < steps; ++step) {
        SCOPED_TRACE("step " + std::to_string(step));
        now_ms += generator.advance_ms(time);
        const core::Event event = generator.next();
        if (property_trace()) {
            std::printf("%u t=%lld %s\n", step, static_cast<long long>(now_ms),
                        describe_event(event).c_str());
        }
        sink.begin(event);
        shard.apply(event, base::time_from_ms(now_ms), sink);
        history.add(step, now_ms, event, sink.lines());
        tally.add(sink.lines());
        ASSERT_EQ(step_problem(shard, sink), "") << history.str();
        const std::vector<std::string> problems =
            oracle.check(event, base::time_from_ms(now_ms), sink.seen());
        ASSERT_TRUE(problems.empty()) << joined(problems) << history.str();
    }
    std::printf("[ property ] %s\n", tally.str().c_str());
}

void run_seeds(const std::string& yaml, std::initializer_list<std::uint64_t> seeds,
               const TimeSteps& time) {
    for_each_seed(seeds, kSteps, [&](std::uint64_t seed, std::uint32_t steps) {
        run_seed(yaml, seed, steps, time);
    });
}

TEST(PropertyTimers, TimersActAtTheirDeadlinesAndNothingIsLost) {
    run_seeds(timers_config(), {1001, 1002, 1003, 1004}, TimeSteps{5000, 10, 15});
}

TEST(PropertyTimers, OffersEverywhereActAtTheirDeadlines) {
    run_seeds(timers_config_variant(), {1101, 1102, 1103}, TimeSteps{2000, 10, 15});
}

TEST(PropertyTimers, HourLongJumpsFireEveryDueTimerInOrder) {
    run_seeds(timers_config(), {1201, 1202}, TimeSteps{2000, 5, 150});
}

}  // namespace
}  // namespace switchboard::testing
