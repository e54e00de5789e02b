// The AdminBackend of a running process: answers the admin endpoints from a runtime::Engine and
// hooks the server supplies (config reload, readiness, the server's own counters). Shard state is
// read on each shard's thread through Engine::run_on_shard, between two batches; the caller (the
// admin io thread) waits for the answer at most `shard_timeout`. A shard that does not answer in
// time (say, blocked on a full notice ring) gives 503 for state and traces, and is reported as
// switchboard_shard_up 0 in /metrics with its runtime counters still there. A late answer lands in
// storage the task owns, never in the caller's frame.
//
// Threads: the admin io thread calls it (one call at a time). Never call it from the engine's
// consumer thread or a shard thread: Engine::run_on_shard forbids waiting there.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>

#include "engine/admin/admin_backend.hpp"
#include "engine/admin/shard_views.hpp"
#include "engine/runtime/engine.hpp"

namespace switchboard::admin {

struct EngineHooks {
    // Required. Re-reads the configuration file and installs it (Engine::reload); returns the new
    // version, or errors as AdminBackend::reload describes.
    std::function<base::Result<std::uint64_t>()> reload;
    // Whether the server is ready beyond the engine accepting events (listeners bound, not
    // draining). Empty: ready whenever the engine accepts.
    std::function<bool()> ready;
    // Adds the server's own samples to /metrics (gateway connections, frames, bytes, errors).
    // Empty: none. Called on the admin io thread; it reads its counters safely from there.
    std::function<void(prometheus::Writer&)> collect_server;
};

struct EngineBackendOptions {
    std::chrono::milliseconds shard_timeout{2000};
    StateLimits state_limits;
    std::uint32_t max_candidates = 200;  // agents listed in a decision trace
};

class EngineBackend final : public AdminBackend {
  public:
    // `engine` must outlive the backend. Precondition: hooks.reload is set.
    EngineBackend(runtime::Engine& engine, EngineHooks hooks, EngineBackendOptions options = {});

    bool ready() override;
    void collect(prometheus::Writer& out) override;
    base::Result<nlohmann::json> tenant_state(std::string_view tenant) override;
    base::Result<nlohmann::json> conversation_trace(std::string_view tenant,
                                                    std::string_view conversation) override;
    // kResourceExhausted without calling the hook once the engine stopped accepting.
    base::Result<std::uint64_t> reload() override;

  private:
    // The shard of a tenant of the configuration in force; kNotFound for any other name.
    base::Result<std::uint32_t> shard_of(std::string_view tenant) const;

    runtime::Engine& engine_;
    EngineHooks hooks_;
    EngineBackendOptions options_;
};

}  // namespace switchboard::admin
