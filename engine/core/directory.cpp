#include "engine/core/directory.hpp"

#include "engine/base/assert.hpp"

namespace switchboard::core {

std::optional<model::AgentId> Directory::find_agent(std::string_view name) const {
    const auto it = agents_.find(name);
    if (it == agents_.end()) return std::nullopt;
    return it->second;
}

void Directory::add_agent(std::string_view name, model::AgentId id) {
    const bool inserted = agents_.emplace(std::string(name), id).second;
    SB_ASSERT(inserted);
}

void Directory::remove_agent(std::string_view name) {
    const auto it = agents_.find(name);
    SB_ASSERT(it != agents_.end());
    agents_.erase(it);
}

Lookup Directory::find_conversation(std::string_view name, model::ConversationId* id) const {
    const auto it = conversations_.find(name);
    if (it == conversations_.end()) return Lookup::kUnknown;
    if (!it->second.valid()) return Lookup::kClosed;
    *id = it->second;
    return Lookup::kOpen;
}

std::string_view Directory::add_conversation(std::string_view name, model::ConversationId id) {
    SB_ASSERT(id.valid());
    const auto it = conversations_.find(name);
    if (it == conversations_.end()) {
        return conversations_.emplace(std::string(name), id).first->first;
    }
    // Re-opening a tombstoned id: its place in the tombstone queue is skipped when it reaches
    // the front, because the entry is live again.
    SB_ASSERT(!it->second.valid());
    it->second = id;
    return it->first;
}

void Directory::close_conversation(std::string_view name) {
    const auto it = conversations_.find(name);
    SB_ASSERT(it != conversations_.end());
    SB_ASSERT(it->second.valid());
    it->second = model::ConversationId{};
    tombstones_.push_back(it->first);
    while (tombstones_.size() > tombstone_limit_) {
        const auto victim = conversations_.find(tombstones_.front());
        tombstones_.pop_front();
        if (victim != conversations_.end() && !victim->second.valid()) conversations_.erase(victim);
    }
}

}  // namespace switchboard::core
