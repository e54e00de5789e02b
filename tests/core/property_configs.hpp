// Tenant configs for the shard property tests: one tenant "shop", a few agents' worth of
// capacity and small limits, so that random streams hit every bound (max agents, open
// conversations, queue length, sticky customers) within a few hundred steps.
#pragma once

#include <string>
#include <string_view>

namespace switchboard::testing {

// No timers (the ReferenceModel's scope). VIPs only go to the VIP desk or seniors.
std::string single_strategy_config(std::string_view strategy);  // every queue uses it
std::string sticky_config();
std::string mixed_strategies_config();

// With every timer: reply deadlines with warnings, reassignment and escalation, widening
// ladders, max wait with overflow, position updates, offers, idle close, auto-away with a
// cool-down. The second variant turns the knobs the other way (warnings on one policy only, offers
// everywhere, escalation
// without apology, a deadline-only policy, auto-away ended only by the agent).
std::string timers_config();
std::string timers_config_variant();

}  // namespace switchboard::testing
