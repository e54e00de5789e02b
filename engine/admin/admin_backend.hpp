// What the admin endpoints need from the process they watch, as an interface: the HTTP layer
// (AdminService) is tested against a fake, the server wires in EngineBackend. Every call is made
// on the admin server's io thread, one at a time, and may block that thread for a bounded time
// (EngineBackend waits for the shard threads, with a timeout). Errors are values; an exception
// that escapes anyway is answered as a 500.
#pragma once

#include <cstdint>
#include <string_view>

#include <nlohmann/json.hpp>

#include "engine/admin/prometheus.hpp"
#include "engine/base/result.hpp"

namespace switchboard::admin {

class AdminBackend {
  public:
    virtual ~AdminBackend() = default;

    // True while the process should get traffic: listeners up, engine accepting, not stopping.
    virtual bool ready() = 0;

    // Adds every sample the process exports. The service adds its own HTTP counters after.
    virtual void collect(prometheus::Writer& out) = 0;

    // The JSON of admin::tenant_state_json. Errors: kNotFound for an unknown tenant;
    // kResourceExhausted when the engine did not answer in time.
    virtual base::Result<nlohmann::json> tenant_state(std::string_view tenant) = 0;

    // The JSON of admin::conversation_trace_json. Errors: kNotFound for an unknown tenant or a
    // conversation that is not open; kResourceExhausted when the engine did not answer in time.
    virtual base::Result<nlohmann::json> conversation_trace(std::string_view tenant,
                                                            std::string_view conversation) = 0;

    // Re-reads the configuration file and installs it; returns the new config version. On error
    // the running configuration stays in force, and the message holds one problem per line
    // ("FILE:LINE:COL: PATH: WHAT"). Errors: kInvalidArgument (the file is invalid), kIo (it
    // cannot be read), kFailedPrecondition (valid, but not a change a running engine can take,
    // e.g. another shard count): all three 422; kResourceExhausted (not now, e.g. stopping): 503.
    virtual base::Result<std::uint64_t> reload() = 0;
};

}  // namespace switchboard::admin
