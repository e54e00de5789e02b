// The `engine` section: thread counts, where the threads run, and the runtime's bounds.
// Internal to engine/config.
#pragma once

#include <optional>

#include "engine/config/diagnostics.hpp"
#include "engine/config/snapshot.hpp"
#include "engine/config/yaml_reader.hpp"

namespace switchboard::config {

// Defaults for an absent section or key (snapshot.hpp).
EngineSpec parse_engine(Diagnostics& diag, const std::optional<Field>& field);

}  // namespace switchboard::config
