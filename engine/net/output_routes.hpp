// Where the server writes each engine output (proto/README.md, "Which connection gets what"):
//
//  - a Delivery goes to its agent's home connection: the connection that last logged the agent
//    in or sent Resend for it. Without an open home the delivery is not written; it stays held
//    in the agent's outbox (unacknowledged) until a Resend from the gateway's new connection.
//  - a Notice goes back to the connection whose event caused it, or, when that connection is
//    gone or a timer caused the notice, to the newest open connection allowed for its tenant.
//
// Owned by the server's I/O thread. Connection ids are never reused, so a stale id simply finds
// no connection.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/runtime/output.hpp"
#include "engine/runtime/output_reader.hpp"

namespace switchboard::net {

using ConnectionId = std::uint32_t;  // 0 = none

class OutputRoutes {
  public:
    // A connection authenticated for `tenants` (again, after a reload: the list is replaced).
    void connection_ready(ConnectionId id, std::span<const std::string_view> tenants);
    void connection_closed(ConnectionId id);

    void set_home(std::string_view tenant, std::string_view agent, ConnectionId id);
    // The agent's home connection (possibly closed since), or 0 when none was ever set.
    ConnectionId home(runtime::AgentStream stream);
    // The newest open connection allowed for `tenant` (0: none), for notices without an origin.
    ConnectionId newest_for(std::string_view tenant) const;

    std::size_t homes() const noexcept { return by_name_.size(); }

  private:
    struct Home {
        ConnectionId connection = 0;
    };
    Home& home_of(std::string_view tenant, std::string_view agent);

    std::unordered_map<std::string, std::unique_ptr<Home>> by_name_;  // "tenant\x1fagent"
    std::unordered_map<std::uintptr_t, Home*> by_stream_;             // AgentStream::key()
    // Open connections allowed for each tenant, oldest first.
    std::unordered_map<std::string, std::vector<ConnectionId>> by_tenant_;
    std::unordered_map<ConnectionId, std::vector<std::string>> tenants_of_;
    std::string key_;
};

}  // namespace switchboard::net
