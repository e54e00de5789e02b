// Parsing of a tenant's SLA policies (`sla_policies`) and agent auto-away policy (`auto_away`):
// the reply deadlines and what happens when agents miss them (DESIGN.md §4). Internal to
// engine/config; errors go to the Diagnostics, results are only meaningful when it stays empty.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/config/diagnostics.hpp"
#include "engine/config/tenant_names.hpp"
#include "engine/config/yaml_reader.hpp"
#include "engine/model/tenant_spec.hpp"

namespace switchboard::config {

// Bounds the PolicyIndex space and the work of a reload; real shops use a handful.
inline constexpr std::size_t kMaxSlaPolicies = 256;
inline constexpr std::uint32_t kMaxReassignments = 16;
inline constexpr std::uint32_t kMaxAutoAwayMisses = 1000;

// Precondition: names.templates holds the tenant's templates (an `apology_template` names one).
// Postcondition: names.policies has one entry per returned policy, same order.
std::vector<model::SlaPolicy> parse_sla_policies(Diagnostics& diag, const Field& list,
                                                 TenantNames& names);

model::AutoAwayPolicy parse_auto_away(Diagnostics& diag, const Field& field);

}  // namespace switchboard::config
