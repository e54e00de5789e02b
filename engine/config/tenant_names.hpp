// The name tables of one tenant, filled section by section while its YAML is parsed so that later
// sections resolve references (a tier's `sla`, a queue's `skills`) to indexes. Indexes are in file
// order; tiers are re-ordered by priority afterwards, so a tier index from here is not a TierIndex.
// Internal to engine/config.
#pragma once

#include "engine/config/name_table.hpp"

namespace switchboard::config {

struct TenantNames {
    NameTable skills{"skill"};
    NameTable groups{"group"};
    NameTable templates{"template"};
    NameTable policies{"sla policy"};
    NameTable tiers{"tier"};
    NameTable queues{"queue"};
};

}  // namespace switchboard::config
