// Property tests (issue: property tests, A): seeded random event streams over a small universe
// of ids, fed to a Shard and to the naive ReferenceModel; after every step the two must have
// emitted the same action lines and hold the same loads, and the shard must keep every
// invariant (check_invariants, placement, work-conserving, capacity and VIP-first at each
// assignment). Configs here have no timers (the model's scope); property_timers_test.cpp
// covers timers. Replay one seed with SB_PROPERTY_SEED=<n>, lengthen with SB_PROPERTY_STEPS.
#include <cstdio>
#include <string>

#include <gtest/gtest.h>

#include "tests/core/property_events.hpp"
#include "tests/core/property_harness.hpp"
#include "tests/core/reference_model.hpp"
#include "tests/core/scenario.hpp"

namespace switchboard::testing {
namespace {

constexpr std::uint32_t kSteps = 2500;

// VIPs only go to the VIP desk or seniors (a single-step ladder with groups, no timer); small
// limits so that max_agents, max_conversations, max_queue_length and sticky eviction are hit.
std::string config(std::string_view queues) {
    std::string yaml = R"(
tenants:
  - id: shop
    skills: [presales, returns, complaints, orders]
    groups: [vip_team, senior]
    agents:
      default_capacity: 2
      max_capacity: 4
    sla_policies:
      - name: none
    tiers:
      - name: vip
        priority: 100
        sla: none
        ladder:
          - groups: [vip_team, senior]
        overflow: bot
      - name: member
        priority: 50
        sla: none
      - name: normal
        priority: 10
        sla: none
    limits:
      max_agents: 5
      max_conversations: 10
      max_queue_length: 3
      max_sticky_customers: 3
)";
    return yaml + std::string(queues);
}

// Every queue uses `strategy`; one queue needs two skills (most_proficient: the weaker counts).
std::string single_strategy(std::string_view strategy) {
    const std::string s(strategy);
    return config(R"(
    queues:
      - {name: presales, skills: [presales], strategy: )" +
                  s + R"(}
      - {name: returns, skills: [returns], strategy: )" +
                  s + R"(}
      - {name: disputes, skills: [returns, complaints], strategy: )" +
                  s + R"(}
      - {name: orders, skills: [orders], strategy: )" +
                  s + R"(}
)");
}

std::string sticky_queues() {
    return config(R"(
    queues:
      - name: presales
        skills: [presales]
        strategy: sticky
        fallback: round_robin
        sticky_window_ms: 6000
      - {name: returns, skills: [returns], strategy: sticky, sticky_window_ms: 3000}
      - {name: orders, skills: [orders], strategy: least_loaded}
)");
}

std::string mixed_queues() {
    return config(R"(
    queues:
      - name: presales
        skills: [presales]
        strategy: sticky
        fallback: longest_idle
        sticky_window_ms: 8000
      - {name: returns, skills: [returns], strategy: least_loaded}
      - {name: complaints, skills: [complaints], strategy: most_proficient}
      - {name: disputes, skills: [returns, complaints], strategy: most_proficient}
      - {name: orders, skills: [orders], strategy: round_robin}
      - {name: everything, skills: [presales, orders], strategy: longest_idle}
    default_queue: returns
)");
}

void run_seed(const std::string& yaml, std::uint64_t seed, std::uint32_t steps) {
    std::printf("[ property ] seed %llu, %u steps\n", static_cast<unsigned long long>(seed), steps);
    std::fflush(stdout);
    SCOPED_TRACE("seed " + std::to_string(seed) +
                 " (replay: SB_PROPERTY_SEED=" + std::to_string(seed) + ")");
    Scenario scenario(yaml);
    core::Shard& shard = scenario.shard();
    const model::TenantSpec& spec = shard.snapshot().tenants.front();
    ASSERT_EQ(ReferenceModel::unsupported(spec), "");
    ReferenceModel reference(spec);
    EventGenerator generator(spec, seed);
    generator.set_holder_hint([&](const std::string& c) { return reference.holder(c); });
    CheckingSink sink(shard);
    History history;
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
        ASSERT_EQ(sink.lines(), expected) << "engine and reference differ\n" << history.str();
        ASSERT_EQ(step_problem(shard, sink), "") << history.str();
        ASSERT_EQ(sorted_loads(shard), sorted(reference.loads())) << history.str();
        ASSERT_EQ(shard.waiting_count("shop"), reference.waiting_count()) << history.str();
    }
}

void run_seeds(const std::string& yaml, std::initializer_list<std::uint64_t> seeds) {
    for (const std::uint64_t seed : property_seeds(seeds)) {
        run_seed(yaml, seed, property_steps(kSteps));
        if (::testing::Test::HasFatalFailure()) return;
    }
}

TEST(PropertyReference, LeastLoadedChoicesMatchTheReference) {
    run_seeds(single_strategy("least_loaded"), {101, 102, 103});
}

TEST(PropertyReference, LongestIdleChoicesMatchTheReference) {
    run_seeds(single_strategy("longest_idle"), {201, 202, 203});
}

TEST(PropertyReference, RoundRobinChoicesMatchTheReference) {
    run_seeds(single_strategy("round_robin"), {301, 302, 303});
}

TEST(PropertyReference, MostProficientChoicesMatchTheReference) {
    run_seeds(single_strategy("most_proficient"), {401, 402, 403});
}

TEST(PropertyReference, StickyChoicesMatchTheReference) {
    run_seeds(sticky_queues(), {501, 502, 503});
}

TEST(PropertyReference, MixedQueuesMatchTheReference) {
    run_seeds(mixed_queues(), {601, 602, 603, 604});
}

}  // namespace
}  // namespace switchboard::testing
