// The `server` and `gateways` sections: listeners, connection bounds, and which gateway token may
// act for which tenants. Internal to engine/config.
#pragma once

#include <optional>
#include <vector>

#include "engine/config/diagnostics.hpp"
#include "engine/config/name_table.hpp"
#include "engine/config/snapshot.hpp"
#include "engine/config/yaml_reader.hpp"

namespace switchboard::config {

ServerSpec parse_server(Diagnostics& diag, const std::optional<Field>& field);

// `tenant_ids` holds the tenants defined in the file; each gateway's tenants must be among them.
std::vector<GatewaySpec> parse_gateways(Diagnostics& diag, const std::optional<Field>& field,
                                        const NameTable& tenant_ids);

}  // namespace switchboard::config
