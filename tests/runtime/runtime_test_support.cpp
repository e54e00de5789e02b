#include "tests/runtime/runtime_test_support.hpp"

#include <cstdio>
#include <cstdlib>

#include "engine/config/parse_config.hpp"

namespace switchboard::testing {

std::string tenant_name(std::uint32_t i) { return "t" + std::to_string(i); }

std::shared_ptr<const config::Snapshot> runtime_snapshot(const RuntimeConfig& cfg) {
    std::string yaml = "engine:\n  shards: " + std::to_string(cfg.shards) +
                       "\n  ring_capacity: " + std::to_string(cfg.ring_capacity) +
                       "\n  outbox_capacity: " + std::to_string(cfg.outbox_capacity) +
                       "\n  notice_capacity: " + std::to_string(cfg.notice_capacity) +
                       "\n  max_gateways: " + std::to_string(cfg.max_gateways) +
                       "\n  idle_spin_us: 20\ntenants:\n";
    for (std::uint32_t i = 0; i < cfg.tenants; ++i) {
        yaml += "  - id: " + tenant_name(i) + R"(
    skills: [presales]
    agents:
      default_capacity: 5
      max_capacity: )" +
                std::to_string(cfg.max_capacity) +
                R"(
    sla_policies:
      - name: p
        )" + cfg.sla_yaml +
                R"(
    tiers:
      - name: normal
        priority: 10
        sla: p
    queues:
      - name: presales
        skills: [presales]
        strategy: least_loaded
)";
    }
    auto parsed = config::parse_config(yaml, "runtime_test.yaml");
    if (!parsed.ok()) {
        std::fprintf(stderr, "runtime test config invalid:\n%s\n%s\n",
                     parsed.error().message.c_str(), yaml.c_str());
        std::abort();
    }
    return std::make_shared<const config::Snapshot>(std::move(parsed).value());
}

core::AgentLogin login(std::string tenant, std::string agent, std::uint32_t capacity) {
    return core::AgentLogin{std::move(tenant), std::move(agent), {{"presales", 5}}, {}, capacity};
}

core::CustomerMessage message(std::string tenant, std::string conversation) {
    return core::CustomerMessage{std::move(tenant), std::move(conversation), "cust", "", {}};
}

}  // namespace switchboard::testing
