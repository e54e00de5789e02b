// The whole router against queueing theory (issue 7, item 3): one skill, Poisson arrivals,
// exponential handling times, capacity 1, nobody abandoning and no deadline moving anything is
// an M/M/c queue, so the share of customers who wait and the mean wait must match Erlang C.
//
// Statistics: R independent replications (seeds kSeed0 .. kSeed0 + R - 1) of
// config/sim/erlang-c.yaml, each with a warm-up the KPIs leave out. Each replication gives one
// estimate of each figure; the test accepts when the mean of the R estimates is within
// 4 standard errors of the formula, plus 1% for what the 1 ms resolution and the finite warm-up
// can shift. Wrong models fail it by far: one agent fewer doubles the mean wait, and fixed
// handling times instead of exponential ones roughly halve it.
#include <cmath>
#include <cstdio>
#include <vector>

#include <gtest/gtest.h>

#include "engine/sim/erlang_c.hpp"
#include "engine/sim/simulator.hpp"

#include "tests/sim/sim_test_support.hpp"

namespace switchboard::sim {
namespace {

constexpr std::uint64_t kSeed0 = 1000;
constexpr int kReplications = 16;
// 40 h of arrivals per replication (the file says 10 h, for a quick look from the CLI): about
// 30,000 conversations each, 490,000 in all, which narrows the mean wait to about +-3% (1 s.e.).
constexpr std::int64_t kHoursPerReplication = 40;

struct Estimate {
    double mean = 0;
    double standard_error = 0;
};

Estimate estimate(const std::vector<double>& xs) {
    double sum = 0;
    for (const double x : xs) sum += x;
    const double mean = sum / static_cast<double>(xs.size());
    double squares = 0;
    for (const double x : xs) squares += (x - mean) * (x - mean);
    const double variance = squares / static_cast<double>(xs.size() - 1);
    return Estimate{mean, std::sqrt(variance / static_cast<double>(xs.size()))};
}

void expect_agrees(const char* what, const Estimate& sim, double theory) {
    const double allowed = 4 * sim.standard_error + 0.01 * theory;
    std::printf("  %-14s simulated %.4f +- %.4f (1 s.e.), Erlang C %.4f, allowed +- %.4f\n", what,
                sim.mean, sim.standard_error, theory, allowed);
    EXPECT_NEAR(sim.mean, theory, allowed) << what;
}

TEST(ErlangCSimulation, MeanWaitAndShareWaitingMatchTheFormula) {
    const auto config = testing::router_config_file("config/sim/erlang-c-router.yaml");
    ScenarioSpec scenario = testing::scenario_file("config/sim/erlang-c.yaml");
    scenario.duration_ms = kHoursPerReplication * 3'600'000;
    const AgentGroupSpec& agents = scenario.agents.at(0);
    const double mean_handling_s = scenario.handling.handling_time_ms.mean() / 1000.0;
    const double offered = scenario.arrivals.per_hour / 3600.0 * mean_handling_s;
    const double theory_wait_s = erlang_c_mean_wait(agents.count, offered, mean_handling_s);
    const double theory_share = erlang_c(agents.count, offered);
    std::printf("M/M/%u, %.2f Erlangs (rho %.3f), %d replications, seeds %llu..%llu\n",
                agents.count, offered, offered / agents.count, kReplications,
                static_cast<unsigned long long>(kSeed0),
                static_cast<unsigned long long>(kSeed0 + kReplications - 1));

    std::vector<double> waits_s;
    std::vector<double> shares;
    std::uint64_t conversations = 0;
    for (int r = 0; r < kReplications; ++r) {
        scenario.seed = kSeed0 + static_cast<std::uint64_t>(r);
        const auto result = simulate(config, scenario);
        ASSERT_TRUE(result.ok()) << result.error().message;
        ASSERT_EQ(result->rejected, 0u) << result->first_rejection;
        ASSERT_EQ(result->abandoned, 0u);
        ASSERT_EQ(result->open_at_end, 0u);
        ASSERT_EQ(result->queue_wait.count, result->conversations);
        conversations += result->conversations;
        waits_s.push_back(result->queue_wait.mean_ms / 1000.0);
        shares.push_back(static_cast<double>(result->tiers.at(0).waited) /
                         static_cast<double>(result->conversations));
    }
    std::printf("  %llu conversations measured\n", static_cast<unsigned long long>(conversations));
    expect_agrees("mean wait (s)", estimate(waits_s), theory_wait_s);
    expect_agrees("P(wait > 0)", estimate(shares), theory_share);
}

}  // namespace
}  // namespace switchboard::sim
