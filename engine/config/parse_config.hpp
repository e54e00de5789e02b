// The configuration loader: turns the text of one YAML config file (DESIGN.md §6) into a validated
// Snapshot the engine routes by. It only parses text; reading the file, versioning the snapshot
// and installing it belong to the caller (the runtime, `switchboard check-config`, tests).
// Pure and reentrant: any thread may call it, calls share nothing.
#pragma once

#include <string_view>

#include "engine/base/result.hpp"
#include "engine/config/snapshot.hpp"

namespace switchboard::config {

// Parses and validates a whole config file. All errors in the file are collected (at most 50
// shown) and the file is rejected as a whole: there is no partial snapshot.
//
// `source_name` is only used in messages and Snapshot::source (e.g. "default.yaml").
//
// Postconditions:
// - ok(): version == 0, source == source_name; every tenant satisfies the schema documented in
//   config/default.yaml: tiers sorted by priority (highest first, file order among equals),
//   default_tier and default_queue are valid indexes, every name reference is resolved to an index.
// - !ok(): code == ErrorCode::kInvalidArgument (kInternal if yaml-cpp failed unexpectedly); the
//   message holds one error per line, "FILE:LINE:COL: PATH: WHAT, expected X, got Y", ordered by
//   position, LINE and COL 1-based.
// Never throws: yaml-cpp's exceptions are caught inside.
base::Result<Snapshot> parse_config(std::string_view yaml_text,
                                    std::string_view source_name) noexcept;

}  // namespace switchboard::config
