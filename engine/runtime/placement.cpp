#include "engine/runtime/placement.hpp"

#include <type_traits>
#include <variant>

#include "engine/base/assert.hpp"

namespace switchboard::runtime {

std::uint32_t shard_for_tenant(std::string_view tenant, std::uint32_t shards) noexcept {
    SB_ASSERT(shards > 0);
    std::uint64_t h = 0xcbf29ce484222325ull;
    for (const char c : tenant) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ull;
    }
    return static_cast<std::uint32_t>(h % shards);
}

std::shared_ptr<const config::Snapshot> shard_snapshot(const config::Snapshot& all,
                                                       std::uint32_t index, std::uint32_t shards) {
    auto part = std::make_shared<config::Snapshot>();
    part->version = all.version;
    part->source = all.source;
    part->engine = all.engine;
    for (const auto& tenant : all.tenants) {
        if (shard_for_tenant(tenant.id, shards) != index) continue;
        part->tenants.push_back(tenant);
        part->table_limits.emplace(tenant.id, all.sized_limits(tenant));
    }
    return part;
}

std::optional<std::string_view> event_tenant(const core::Event& event) noexcept {
    return std::visit(
        [](const auto& e) -> std::optional<std::string_view> {
            if constexpr (std::is_same_v<std::decay_t<decltype(e)>, core::Tick>) {
                return std::nullopt;
            } else {
                return std::string_view(e.tenant);
            }
        },
        event);
}

}  // namespace switchboard::runtime
