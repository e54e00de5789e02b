// Parsing of a tenant's queues (`queues`, `default_queue`): which skill class each serves and how
// it picks an agent (DESIGN.md §3). `strategy: sticky` is not a model::Strategy of its own: it
// becomes the fallback strategy plus a sticky window, which is how the routing core applies it.
// Internal to engine/config; results are only meaningful while the Diagnostics stay empty.
#pragma once

#include <optional>
#include <vector>

#include "engine/config/diagnostics.hpp"
#include "engine/config/tenant_names.hpp"
#include "engine/config/yaml_reader.hpp"
#include "engine/model/tenant_spec.hpp"

namespace switchboard::config {

// Precondition: names.skills and names.policies are filled.
// Postcondition: names.queues holds one name per returned queue, same order; every queue has a
// non-empty skill set and no two queues have the same one.
std::vector<model::QueueSpec> parse_queues(Diagnostics& diag, const Field& list,
                                           TenantNames& names);

// The queue `field` names; absent field = the first queue. Nullopt after an error or when there
// are no queues.
std::optional<model::QueueIndex> parse_default_queue(Diagnostics& diag,
                                                     const std::optional<Field>& field,
                                                     const TenantNames& names);

}  // namespace switchboard::config
