// Property tests (issue: property tests, A): seeded random event streams over a small universe
// of ids, fed to a Shard and to the naive ReferenceModel; after every step the two must have
// emitted the same action lines and hold the same loads, and the shard must keep every
// invariant (check_invariants, placement, work-conserving, capacity and VIP-first at each
// assignment). Configs here have no timers (the model's scope); property_timers_test.cpp
// covers timers. Replay one seed with SB_PROPERTY_SEED=<n>, lengthen with SB_PROPERTY_STEPS.
#include <cstdio>
#include <string>

#include <gtest/gtest.h>

#include "tests/core/property_configs.hpp"
#include "tests/core/property_events.hpp"
#include "tests/core/property_harness.hpp"
#include "tests/core/reference_model.hpp"
#include "tests/core/scenario.hpp"

namespace switchboard::testing {
namespace {

constexpr std::uint32_t kSteps = 3000;

void run_seed(const std::string& yaml, std::uint64_t seed, std::uint32_t steps) {
    SCOPED_TRACE(announce_seed(seed, steps));
    Scenario scenario(yaml);
    core::Shard& shard = scenario.shard();
    const model::TenantSpec& spec = shard.snapshot().tenants.front();
    ASSERT_EQ(ReferenceModel::unsupported(spec), "");
    ReferenceModel reference(spec);
    EventGenerator generator(spec, seed);
    generator.set_hints(StateHints{[&](const std::string& c) { return reference.holder(c); },
                                   nullptr, [&] { return reference.assigned(); }});
    CheckingSink sink(shard);
    History history;
    ActionTally tally;
    std::int64_t now_ms = 0;
    for (std::uint32_t step = 0; step < steps; ++step) {
        SCOPED_TRACE("step " + std::to_string(step));
        now_ms += generator.advance_ms(TimeSteps{});
        const core::Event event = generator.next();
        if (property_trace())
            std::printf("%u t=%lld %s\n", step, static_cast<long long>(now_ms),
                        describe_event(event).c_str());
        sink.begin(event);
        shard.apply(event, base::time_from_ms(now_ms), sink);
        const std::vector<std::string> expected = reference.apply(event, now_ms);
        history.add(step, now_ms, event, sink.lines());
        tally.add(sink.lines());
        ASSERT_EQ(sink.lines(), expected) << "engine and reference differ\n" << history.str();
        ASSERT_EQ(step_problem(shard, sink), "") << history.str();
        ASSERT_EQ(sorted_loads(shard), sorted(reference.loads())) << history.str();
        ASSERT_EQ(shard.waiting_count("shop"), reference.waiting_count()) << history.str();
    }
    std::printf("[ property ] %s\n", tally.str().c_str());
}

void run_seeds(const std::string& yaml, std::initializer_list<std::uint64_t> seeds) {
    for_each_seed(seeds, kSteps,
                  [&](std::uint64_t seed, std::uint32_t steps) { run_seed(yaml, seed, steps); });
}

TEST(PropertyReference, LeastLoadedChoicesMatchTheReference) {
    run_seeds(single_strategy_config("least_loaded"), {101, 102, 103});
}

TEST(PropertyReference, LongestIdleChoicesMatchTheReference) {
    run_seeds(single_strategy_config("longest_idle"), {201, 202, 203});
}

TEST(PropertyReference, RoundRobinChoicesMatchTheReference) {
    run_seeds(single_strategy_config("round_robin"), {301, 302, 303});
}

TEST(PropertyReference, MostProficientChoicesMatchTheReference) {
    run_seeds(single_strategy_config("most_proficient"), {401, 402, 403});
}

TEST(PropertyReference, StickyChoicesMatchTheReference) {
    run_seeds(sticky_config(), {501, 502, 503});
}

TEST(PropertyReference, MixedQueuesMatchTheReference) {
    run_seeds(mixed_strategies_config(), {601, 602, 603, 604});
}

}  // namespace
}  // namespace switchboard::testing
