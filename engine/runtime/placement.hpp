// Which shard owns a tenant (DESIGN.md §2): a stable hash of the tenant id, so the same tenant
// lands on the same shard in every process with the same shard count, and all of a tenant's
// events meet in one thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "engine/config/snapshot.hpp"
#include "engine/core/events.hpp"

namespace switchboard::runtime {

// FNV-1a 64 of the id, modulo `shards`. Precondition: shards > 0.
std::uint32_t shard_for_tenant(std::string_view tenant, std::uint32_t shards) noexcept;

// The tenants of `all` that shard `index` of `shards` owns, in `all`'s order, as a snapshot of
// their own (same version, source and engine section): what that shard routes by, at start and
// after each reload.
std::shared_ptr<const config::Snapshot> shard_snapshot(const config::Snapshot& all,
                                                       std::uint32_t index, std::uint32_t shards);

// The tenant an event is for; nullopt for Tick, which belongs to no tenant.
std::optional<std::string_view> event_tenant(const core::Event& event) noexcept;

}  // namespace switchboard::runtime
