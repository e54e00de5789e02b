// Which agents a conversation must not go to: those who missed it (never again) and the agent
// who just transferred it elsewhere (until someone else took it). Shared by the routing paths
// and the invariant check, so that they agree on one rule.
#pragma once

#include <algorithm>
#include <memory>
#include <string_view>
#include <vector>

#include "engine/core/directory.hpp"
#include "engine/model/conversation.hpp"
#include "engine/routing/pool.hpp"

namespace switchboard::core {

inline bool excludes(const model::Conversation& conv, std::string_view agent) {
    const model::Exclusions* ex = conv.exclusions.get();
    if (ex == nullptr) return false;
    return ex->handed_over_by == agent ||
           std::find(ex->missed_by.begin(), ex->missed_by.end(), agent) != ex->missed_by.end();
}

inline model::Exclusions& exclusions_of(model::Conversation& conv) {
    return conv.exclusions.get_or_create();
}

// The slot indexes of the excluded agents that are logged in now. Allocates only when there are
// exclusions.
inline std::vector<routing::AgentIndex> excluded_agents(const model::Conversation& conv,
                                                        const Directory& directory) {
    std::vector<routing::AgentIndex> out;
    const model::Exclusions* ex = conv.exclusions.get();
    if (ex == nullptr) return out;
    const auto add = [&](std::string_view name) {
        if (const auto id = directory.find_agent(name)) out.push_back(id->index);
    };
    for (const std::string& name : ex->missed_by) add(name);
    if (!ex->handed_over_by.empty()) add(ex->handed_over_by);
    return out;
}

}  // namespace switchboard::core
