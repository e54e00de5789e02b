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

std::uint64_t Directory::fingerprint(std::string_view name) noexcept {
    return std::hash<std::string_view>{}(name);
}

void Directory::add_conversation(std::string_view name, model::ConversationId id) {
    open_.insert(fingerprint(name), id);
}

void Directory::close_conversation(std::string_view name, model::ConversationId id) {
    const std::uint64_t print = fingerprint(name);
    open_.erase(print, id);
    if (closed_memory_ == 0) return;
    ++closed_counts_[print];
    closed_order_.push_back(print);
    if (closed_order_.size() <= closed_memory_) return;
    const auto oldest = closed_counts_.find(closed_order_.front());
    closed_order_.pop_front();
    SB_ASSERT(oldest != closed_counts_.end());
    if (--oldest->second == 0) closed_counts_.erase(oldest);
}

}  // namespace switchboard::core
