// One validated configuration: everything the engine needs to route, as plain data. A Snapshot is
// immutable once built and shared by pointer; a reload builds a new one with a higher version and
// the shards switch to it between two events (DESIGN.md §6).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/model/tenant_spec.hpp"

namespace switchboard::config {

// Process-level settings (threads, logging). The core ignores them; the runtime and tools read
// them.
struct EngineSpec {
    std::uint32_t shards = 1;
    std::uint32_t io_threads = 1;
    std::string log_level = "info";  // trace | debug | info | warn | error
};

struct Snapshot {
    std::uint64_t version = 0;  // assigned by whoever installs the snapshot; 0 = not installed
    std::string source;         // file name the snapshot was read from, for messages
    EngineSpec engine;
    std::vector<model::TenantSpec> tenants;

    const model::TenantSpec* find_tenant(std::string_view id) const noexcept {
        for (const auto& t : tenants) {
            if (t.id == id) return &t;
        }
        return nullptr;
    }
};

}  // namespace switchboard::config
