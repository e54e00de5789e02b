#include "tests/sim/sim_test_support.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "engine/config/parse_config.hpp"
#include "engine/sim/simulator.hpp"

namespace switchboard::testing {
namespace {

[[noreturn]] void die(const std::string& message) {
    std::fprintf(stderr, "%s\n", message.c_str());
    std::abort();
}

}  // namespace

std::string source_file(std::string_view relative_path) {
    const std::string path = std::string(SB_SOURCE_DIR) + "/" + std::string(relative_path);
    std::ifstream in(path, std::ios::binary);
    if (!in) die(path + ": cannot read");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::shared_ptr<const config::Snapshot> router_config_text(std::string_view yaml,
                                                           std::string_view name) {
    auto parsed = config::parse_config(yaml, name);
    if (!parsed) die(parsed.error().message);
    return std::make_shared<const config::Snapshot>(std::move(*parsed));
}

std::shared_ptr<const config::Snapshot> router_config_file(std::string_view relative_path) {
    return router_config_text(source_file(relative_path), relative_path);
}

sim::ScenarioSpec scenario_text(std::string_view yaml, std::string_view name) {
    auto parsed = sim::parse_scenario(yaml, name);
    if (!parsed) die(parsed.error().message);
    return std::move(*parsed);
}

sim::ScenarioSpec scenario_file(std::string_view relative_path) {
    return scenario_text(source_file(relative_path), relative_path);
}

std::string small_shop_yaml(std::string_view sla_keys, std::string_view extra_tenant_keys) {
    std::string yaml = R"(tenants:
  - id: shop
    skills: [chat]
    groups: [team]
    agents: {default_capacity: 1, max_capacity: 5}
    sla_policies:
      - name: main
)";
    yaml += "        " + std::string(sla_keys) + "\n";
    yaml += R"(    tiers:
      - {name: vip, priority: 10, sla: main}
      - {name: normal, priority: 1, sla: main}
    queues:
      - {name: chat, skills: [chat], strategy: longest_idle}
)";
    yaml += extra_tenant_keys;
    return yaml;
}

sim::SimResult run_checked(std::shared_ptr<const config::Snapshot> config,
                           const sim::ScenarioSpec& scenario) {
    auto result = sim::simulate(std::move(config), scenario, sim::SimOptions{true});
    if (!result) die(result.error().message);
    return std::move(*result);
}

namespace {

void add(std::ostringstream& out, const sim::Distribution& d) {
    out << d.count << '/' << d.mean_ms << '/' << d.p50_ms << '/' << d.p90_ms << '/' << d.p99_ms
        << '/' << d.max_ms << ' ';
}

}  // namespace

std::string fingerprint(const sim::SimResult& r) {
    std::ostringstream out;
    out.precision(17);
    out << r.scenario << ' ' << r.seed << ' ' << r.simulated_ms << ' ' << r.agents << ' '
        << r.events_applied << ' ' << r.conversations << ' ' << r.answered << ' ' << r.abandoned
        << ' ' << r.overflowed << ' ' << r.reassignments << ' ' << r.escalations << ' '
        << r.warnings << ' ' << r.auto_away << ' ' << r.canned_replies << ' ' << r.open_at_end
        << ' ' << r.rejected << ' ' << r.occupancy_mean << ' ' << r.occupancy_min << ' '
        << r.occupancy_max << ' ' << r.handled_cv << '\n';
    add(out, r.first_reply);
    add(out, r.queue_wait);
    for (const sim::TierKpis& t : r.tiers) {
        out << '\n'
            << t.tier << ' ' << t.conversations << ' ' << t.answered << ' ' << t.abandoned << ' '
            << t.overflowed << ' ' << t.waited << ' ' << t.first_reply_within_target << ' '
            << t.next_reply_within_target << ' ';
        add(out, t.first_reply);
        add(out, t.next_reply);
        add(out, t.queue_wait);
    }
    for (const sim::AgentKpis& a : r.agents_kpis) {
        out << '\n'
            << a.agent << ' ' << a.silent << ' ' << a.handled << ' ' << a.replies << ' '
            << a.missed_replies << ' ' << a.auto_away << ' ' << a.logged_in_ms << ' '
            << a.occupancy;
    }
    for (const sim::TimelineBucket& b : r.timeline) {
        out << '\n'
            << b.start_ms << ' ' << b.arrivals << ' ' << b.queue_length_mean << ' '
            << b.queue_length_max << ' ' << b.agents_online << ' ' << b.first_replies << ' '
            << b.service_level << ' ' << b.occupancy << ' ' << b.abandoned;
    }
    return out.str();
}

std::string small_scenario_yaml(double per_hour, int hours, std::string_view agents_yaml,
                                std::string_view customer_keys) {
    std::ostringstream out;
    out << "name: small\ntenant: shop\nseed: 5\nduration_ms: " << hours * 3'600'000LL
        << "\narrivals: {profile: flat, per_hour: " << per_hour << "}\n"
        << "customers:\n  follow_ups: {distribution: fixed, mean: 0}\n"
        << customer_keys << "handling:\n  close: after_exchanges\n"
        << "  close_delay: {distribution: fixed, value_ms: 1000}\n"
        << "agents:\n"
        << agents_yaml;
    return out.str();
}

}  // namespace switchboard::testing
