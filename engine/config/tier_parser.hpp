// Parsing of a tenant's customer tiers (`tiers`, `default_tier`): priority, SLA policy, widening
// ladder and waiting limits (DESIGN.md §3, §4). Tiers come out sorted by priority, highest first
// (stable for ties), because TierIndex order is the order the waiting queue serves them in.
// Internal to engine/config; results are only meaningful while the Diagnostics stay empty.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "engine/config/diagnostics.hpp"
#include "engine/config/tenant_names.hpp"
#include "engine/config/yaml_reader.hpp"
#include "engine/model/tenant_spec.hpp"

namespace switchboard::config {

// A ladder has few steps in practice (team, seniors, everyone); the bound keeps widening timers
// few.
inline constexpr std::size_t kMaxLadderSteps = 16;

// Precondition: names.groups and names.policies are filled.
// Postcondition: names.tiers holds the tier names in file order; the result is sorted by priority
// descending and every tier has a ladder of at least one step starting at 0.
std::vector<model::TierSpec> parse_tiers(Diagnostics& diag, const Field& list, TenantNames& names);

// The tier `field` names, as an index into the sorted `tiers`; absent field = the lowest-priority
// tier (the last). Returns nullopt after an error or when there are no tiers.
std::optional<model::TierIndex> parse_default_tier(Diagnostics& diag,
                                                   const std::optional<Field>& field,
                                                   const TenantNames& names,
                                                   const std::vector<model::TierSpec>& tiers);

}  // namespace switchboard::config
