// Reads and validates a config file for the CLI: one place that turns a path into a Snapshot,
// with errors that name the file (check-config, serve, and every reload of serve).
#pragma once

#include <string>

#include "engine/base/result.hpp"
#include "engine/config/snapshot.hpp"

namespace switchboard::tools {

// Errors: kIo (cannot read the file), kInvalidArgument (every problem as FILE:LINE:COL: ...).
base::Result<config::Snapshot> load_config_file(const std::string& path);

}  // namespace switchboard::tools
