// Parsing of one entry of `tenants`: a shop's skills, agent groups, templates, SLA policies, tiers,
// queues, capacities, auto-away policy and limits, into a model::TenantSpec. Sections are read in
// the order their references need (templates before policies, policies before tiers and queues),
// whatever order the file lists them in. Internal to engine/config.
#pragma once

#include <cstddef>
#include <cstdint>

#include "engine/config/diagnostics.hpp"
#include "engine/config/name_table.hpp"
#include "engine/config/yaml_reader.hpp"
#include "engine/model/tenant_spec.hpp"

namespace switchboard::config {

// Each template becomes an auto-reply the shard may send; the bound keeps a snapshot small.
inline constexpr std::size_t kMaxTemplates = 256;
inline constexpr std::uint32_t kMaxAgentCapacity = 1000;

// Defines the tenant's id in `tenant_ids`, which reports a repeated id with both places.
// Postcondition when `diag` stays empty: the spec satisfies every rule of the schema (indexes in
// range, tiers sorted by priority, default tier and queue valid).
model::TenantSpec parse_tenant(Diagnostics& diag, const Field& field, NameTable& tenant_ids);

}  // namespace switchboard::config
