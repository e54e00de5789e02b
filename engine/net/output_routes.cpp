#include "engine/net/output_routes.hpp"

#include <algorithm>

namespace switchboard::net {

void OutputRoutes::connection_ready(ConnectionId id, std::span<const std::string_view> tenants) {
    connection_closed(id);  // a re-bind replaces the old list
    auto& mine = tenants_of_[id];
    for (std::string_view tenant : tenants) {
        mine.emplace_back(tenant);
        by_tenant_[std::string(tenant)].push_back(id);
    }
}

void OutputRoutes::connection_closed(ConnectionId id) {
    const auto it = tenants_of_.find(id);
    if (it == tenants_of_.end()) return;
    for (const std::string& tenant : it->second) {
        auto& ids = by_tenant_[tenant];
        ids.erase(std::remove(ids.begin(), ids.end(), id), ids.end());
    }
    tenants_of_.erase(it);
}

OutputRoutes::Home& OutputRoutes::home_of(std::string_view tenant, std::string_view agent) {
    key_.assign(tenant);
    key_.push_back('\x1f');
    key_.append(agent);
    auto it = by_name_.find(key_);
    if (it == by_name_.end()) it = by_name_.emplace(key_, std::make_unique<Home>()).first;
    return *it->second;
}

void OutputRoutes::set_home(std::string_view tenant, std::string_view agent, ConnectionId id) {
    home_of(tenant, agent).connection = id;
}

ConnectionId OutputRoutes::home(runtime::AgentStream stream) {
    auto it = by_stream_.find(stream.key());
    if (it == by_stream_.end()) {
        it = by_stream_.emplace(stream.key(), &home_of(stream.tenant(), stream.agent())).first;
    }
    return it->second->connection;
}

ConnectionId OutputRoutes::newest_for(std::string_view tenant) const {
    // Heterogeneous lookup is C++20 for unordered containers only with a transparent hash;
    // notices without an open origin are rare enough for one temporary string.
    const auto it = by_tenant_.find(std::string(tenant));
    return it == by_tenant_.end() || it->second.empty() ? 0 : it->second.back();
}

}  // namespace switchboard::net
