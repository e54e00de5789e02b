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

void Directory::add_conversation(std::uint64_t print, model::ConversationId id) {
    open_.insert(print, id);
}

void Directory::close_conversation(std::uint64_t print, model::ConversationId id) {
    open_.erase(print, id);
    closed_.remember(print);
}

}  // namespace switchboard::core
