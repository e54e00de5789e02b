// Per-tenant state held by a Shard: the tenant's spec, the id directory, sticky memory and the
// routing indexes. Internal to engine/core (included by the shard's .cpp files only).
#pragma once

#include <vector>

#include "engine/core/directory.hpp"
#include "engine/core/shard.hpp"
#include "engine/core/sticky_memory.hpp"
#include "engine/model/tenant_spec.hpp"
#include "engine/routing/tenant_router.hpp"

namespace switchboard::core {

// Closed conversation ids remembered per tenant, so that late events for them say "closed".
// Bounded small so that the memory of them stays in cache: it is touched on every close.
inline constexpr std::uint32_t kClosedConversationMemory = 4096;

// Rolling estimate of how fast one queue is served, for estimated-wait auto-replies.
struct QueuePace {
    base::Time last_served{};
    bool served_once = false;
    double interval_ms = 0.0;  // exponentially weighted mean time between dequeues
};

// The name_of of Directory::find_conversation: names live in the conversation records.
inline auto names_in(const base::SlotTable<model::Conversation, model::ConversationTag>& table) {
    return [&table](model::ConversationId c) -> std::string_view { return table[c].name; };
}

struct Shard::Tenant {
    Tenant(const model::TenantSpec& tenant_spec, model::TenantIndex tenant_index,
           routing::WaitLinks* links)
        : spec(&tenant_spec),
          index(tenant_index),
          directory(kClosedConversationMemory),
          sticky(tenant_spec.limits.max_sticky_customers),
          router(tenant_spec, links),
          pace(tenant_spec.queues.size()) {}

    const model::TenantSpec* spec;
    model::TenantIndex index;
    Directory directory;
    StickyMemory sticky;
    routing::TenantRouter router;
    std::vector<QueuePace> pace;  // per queue
    std::uint32_t open_conversations = 0;
};

}  // namespace switchboard::core
