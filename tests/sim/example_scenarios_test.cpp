// The scenario files shipped in config/sim parse, fit the router configs they were written for,
// and run. The business day also prints its wall time (no assertion on it: STYLE.md §17).
#include <chrono>
#include <cstdio>

#include <gtest/gtest.h>

#include "engine/sim/simulator.hpp"

#include "tests/sim/sim_test_support.hpp"

namespace switchboard::sim {
namespace {

struct Example {
    const char* scenario;
    const char* config;
};

constexpr Example kExamples[] = {
    {"config/sim/business-day.yaml", "config/default.yaml"},
    {"config/sim/peak-sale.yaml", "config/examples/peak-sale.yaml"},
    {"config/sim/peak-sale.yaml", "config/default.yaml"},
    {"config/sim/erlang-c.yaml", "config/sim/erlang-c-router.yaml"},
};

TEST(ExampleScenarios, FitTheirRouterConfigs) {
    for (const Example& e : kExamples) {
        const ScenarioSpec scenario = testing::scenario_file(e.scenario);
        const auto config = testing::router_config_file(e.config);
        const base::Status valid = validate_scenario(scenario, *config);
        EXPECT_TRUE(valid.ok()) << e.scenario << " on " << e.config << ": "
                                << (valid.ok() ? "" : valid.error().message);
    }
}

void run_and_report(const Example& e) {
    const ScenarioSpec scenario = testing::scenario_file(e.scenario);
    const auto config = testing::router_config_file(e.config);
    const auto started = std::chrono::steady_clock::now();
    const auto result = simulate(config, scenario, SimOptions{.check_invariants = true});
    const double wall_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    ASSERT_TRUE(result.ok()) << result.error().message;
    std::printf(
        "%s on %s: %u agents, %.1f simulated h, %llu conversations, %llu events in %.2f s "
        "wall\n",
        e.scenario, e.config, result->agents, static_cast<double>(result->simulated_ms) / 3.6e6,
        static_cast<unsigned long long>(result->conversations),
        static_cast<unsigned long long>(result->events_applied), wall_s);
    std::printf(
        "  answered %llu, abandoned %llu, overflowed %llu, reassigned %llu, escalated %llu, "
        "FRT p50/p90/p99 %.1f/%.1f/%.1f s, occupancy %.2f (min %.2f max %.2f)\n",
        static_cast<unsigned long long>(result->answered),
        static_cast<unsigned long long>(result->abandoned),
        static_cast<unsigned long long>(result->overflowed),
        static_cast<unsigned long long>(result->reassignments),
        static_cast<unsigned long long>(result->escalations), result->first_reply.p50_ms / 1000,
        result->first_reply.p90_ms / 1000, result->first_reply.p99_ms / 1000,
        result->occupancy_mean, result->occupancy_min, result->occupancy_max);
    EXPECT_EQ(result->rejected, 0u) << result->first_rejection;
    EXPECT_GT(result->answered, 0u);
    EXPECT_EQ(result->agents, 200u + (e.scenario[11] == 'p' ? 80u : 0u));
}

TEST(ExampleScenarios, BusinessDayRuns) { run_and_report(kExamples[0]); }

TEST(ExampleScenarios, PeakSaleRuns) { run_and_report(kExamples[1]); }

// `switchboard sim --compare`: two configs are compared on the same customers. The arrivals
// (times, tiers, queues, follow-ups, patience) do not depend on the routing, so both runs see the
// same conversations per tier even though the configs route them differently.
TEST(ExampleScenarios, TwoConfigsSeeTheSameCustomers) {
    const ScenarioSpec scenario = testing::scenario_file(kExamples[1].scenario);
    const auto peak = simulate(testing::router_config_file(kExamples[1].config), scenario);
    const auto plain = simulate(testing::router_config_file(kExamples[2].config), scenario);
    ASSERT_TRUE(peak.ok()) << peak.error().message;
    ASSERT_TRUE(plain.ok()) << plain.error().message;
    ASSERT_NE(testing::fingerprint(*peak), testing::fingerprint(*plain)) << "configs differ";
    EXPECT_EQ(peak->conversations, plain->conversations);
    ASSERT_EQ(peak->tiers.size(), plain->tiers.size());
    for (std::size_t t = 0; t < peak->tiers.size(); ++t) {
        EXPECT_EQ(peak->tiers[t].conversations, plain->tiers[t].conversations)
            << peak->tiers[t].tier;
    }
}

}  // namespace
}  // namespace switchboard::sim
