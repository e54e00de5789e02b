#include "tests/core/property_configs.hpp"

namespace switchboard::testing {
namespace {

constexpr std::string_view kPlainTenant = R"(
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

constexpr std::string_view kTimersTenant = R"(
tenants:
  - id: shop
    skills: [presales, returns, complaints]
    groups: [vip_team, senior]
    agents:
      default_capacity: 2
      max_capacity: 4
    templates:
      apology: "Sorry for the wait."
      queue_position: "You are number {position} in line."
      leave_message: "Leave us a message."
    limits:
      max_agents: 5
      max_conversations: 10
      max_queue_length: 4
)";

}  // namespace

std::string single_strategy_config(std::string_view strategy) {
    const std::string s(strategy);
    return std::string(kPlainTenant) + R"(
    queues:
      - {name: presales, skills: [presales], strategy: )" +
           s + R"(}
      - {name: returns, skills: [returns], strategy: )" +
           s + R"(}
      - {name: disputes, skills: [returns, complaints], strategy: )" +
           s + R"(}
      - {name: orders, skills: [orders], strategy: )" +
           s + "}\n";
}

std::string sticky_config() {
    return std::string(kPlainTenant) + R"(
    queues:
      - name: presales
        skills: [presales]
        strategy: sticky
        fallback: round_robin
        sticky_window_ms: 6000
      - {name: returns, skills: [returns], strategy: sticky, sticky_window_ms: 3000}
      - {name: orders, skills: [orders], strategy: least_loaded}
)";
}

std::string mixed_strategies_config() {
    return std::string(kPlainTenant) + R"(
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
)";
}

std::string timers_config() {
    return std::string(kTimersTenant) + R"(
    sla_policies:
      - {name: vip, first_reply_ms: 4000, next_reply_ms: 6000, warn_at: 0.5,
         reassign_on_miss: true, max_reassignments: 2, escalate_to_supervisor: true,
         apology_template: apology, quick_phrase_stops_clock: false,
         repeated_reply_stops_clock: false}
      - {name: standard, first_reply_ms: 7000, next_reply_ms: 9000, warn_at: 0.7,
         reassign_on_miss: true, max_reassignments: 1}
      - {name: lax, first_reply_ms: 10000, next_reply_ms: 0}
    tiers:
      - name: vip
        priority: 100
        sla: vip
        ladder:
          - groups: [vip_team]
          - {after_ms: 3000, groups: [vip_team, senior]}
          - {after_ms: 9000}
        max_wait_ms: 40000
        overflow: leave_message
        position_updates_ms: 5000
      - name: member
        priority: 50
        sla: standard
        ladder:
          - groups: [senior]
          - {after_ms: 6000, groups: everyone}
        max_wait_ms: 60000
        overflow: bot
        position_updates_ms: 10000
      - {name: normal, priority: 10, sla: lax}
    queues:
      - {name: presales, skills: [presales], strategy: sticky, fallback: longest_idle,
         sticky_window_ms: 20000, idle_close_ms: 30000}
      - {name: returns, skills: [returns], strategy: least_loaded, accept_timeout_ms: 3000}
      - {name: complaints, skills: [complaints], strategy: most_proficient, sla: vip,
         idle_close_ms: 60000}
      - {name: disputes, skills: [returns, complaints], strategy: round_robin,
         accept_timeout_ms: 2000, idle_close_ms: 45000}
    auto_away: {max_misses: 2, window_ms: 30000, cooldown_ms: 20000}
)";
}

std::string timers_config_variant() {
    return std::string(kTimersTenant) + R"(
    sla_policies:
      - {name: tight, first_reply_ms: 2500, next_reply_ms: 5000, reassign_on_miss: true,
         max_reassignments: 3, escalate_to_supervisor: true}
      - {name: warn_only, first_reply_ms: 6000, next_reply_ms: 6000, warn_at: 0.9}
    tiers:
      - name: vip
        priority: 100
        sla: tight
        ladder:
          - groups: [vip_team, senior]
          - {after_ms: 1500}
        max_wait_ms: 15000
        overflow: bot
        position_updates_ms: 4000
      - {name: member, priority: 50, sla: tight, max_wait_ms: 25000, overflow: leave_message}
      - name: normal
        priority: 10
        sla: warn_only
        ladder:
          - groups: [senior]
          - {after_ms: 4000, groups: [senior, vip_team]}
          - {after_ms: 12000}
    queues:
      - {name: presales, skills: [presales], strategy: longest_idle, accept_timeout_ms: 1000}
      - {name: returns, skills: [returns], strategy: most_proficient, accept_timeout_ms: 4000,
         idle_close_ms: 20000}
      - {name: complaints, skills: [complaints], strategy: sticky, fallback: round_robin,
         sticky_window_ms: 60000, accept_timeout_ms: 2500}
    auto_away: {max_misses: 3, window_ms: 60000}
)";
}

}  // namespace switchboard::testing
