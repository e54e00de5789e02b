#include "engine/runtime/outbox_table.hpp"

#include "engine/base/assert.hpp"

namespace switchboard::runtime {

OutboxTable::OutboxTable(std::uint32_t max_outboxes, std::uint32_t outbox_capacity)
    : max_outboxes_(max_outboxes), outbox_capacity_(outbox_capacity) {
    SB_ASSERT(max_outboxes > 0);
    SB_ASSERT(outbox_capacity > 0);
}

Outbox* OutboxTable::outbox_for(const core::Shard& shard, core::AgentId agent) {
    const model::Agent* record = shard.agent(agent);
    SB_ASSERT(record != nullptr);
    const std::uint32_t index = agent.index;
    if (index < by_handle_.size() && by_handle_[index].agent == agent) return by_handle_[index].box;
    Outbox* box = make_or_find(shard.snapshot().tenants[record->tenant].id, record->name);
    if (box == nullptr) return nullptr;
    if (index >= by_handle_.size()) by_handle_.resize(static_cast<std::size_t>(index) + 1);
    by_handle_[index] = CacheEntry{agent, box};
    return box;
}

Outbox* OutboxTable::make_or_find(std::string_view tenant, std::string_view agent) {
    key_.assign(tenant);
    key_.push_back('\x1f');  // ids never hold control characters (config and net refuse them)
    key_.append(agent);
    if (auto it = by_name_.find(key_); it != by_name_.end()) return it->second.get();
    if (by_name_.size() >= max_outboxes_) return nullptr;
    auto box = std::make_unique<Outbox>(std::string(tenant), std::string(agent), outbox_capacity_);
    Outbox* raw = box.get();
    by_name_.emplace(key_, std::move(box));
    return raw;
}

Delivery* OutboxTable::reserve(Outbox& box) {
    const bool was_clean = !box.has_unpublished();
    Delivery* slot = box.reserve();
    if (slot != nullptr && was_clean) dirty_.push_back(&box);
    return slot;
}

std::uint32_t OutboxTable::publish(ReadyRing& ready) {
    for (Outbox* box : dirty_) {
        if (!box->publish()) continue;
        // The ready ring has room for every outbox and holds each at most once.
        const bool pushed = ready.try_push(std::move(box));
        SB_ASSERT(pushed);
    }
    const auto n = static_cast<std::uint32_t>(dirty_.size());
    dirty_.clear();
    return n;
}

}  // namespace switchboard::runtime
