#include "engine/admin/engine_backend.hpp"

#include <exception>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/admin/engine_metrics.hpp"
#include "engine/base/assert.hpp"
#include "engine/runtime/placement.hpp"

namespace switchboard::admin {
namespace {

using Clock = std::chrono::steady_clock;

// A question posted to a shard's thread. The answer lives in shared storage: if the caller gave
// up waiting, the task still writes somewhere valid when it finally runs.
template <typename T>
struct Pending {
    std::shared_ptr<std::optional<T>> answer = std::make_shared<std::optional<T>>();
    std::future<void> done;
};

template <typename T, typename F>
Pending<T> post(runtime::Engine& engine, std::uint32_t shard, F view) {
    Pending<T> p;
    p.done = engine.run_on_shard(shard, [answer = p.answer, view = std::move(view)](
                                            const core::Shard& s) { answer->emplace(view(s)); });
    return p;
}

// The answer, or an error when the shard did not answer by `deadline` or the view threw.
template <typename T>
base::Result<T> take(Pending<T>& p, std::uint32_t shard, Clock::time_point deadline,
                     std::chrono::milliseconds timeout) {
    if (p.done.wait_until(deadline) != std::future_status::ready) {
        return base::Error{base::ErrorCode::kResourceExhausted,
                           "shard " + std::to_string(shard) + " did not answer within " +
                               std::to_string(timeout.count()) + " ms"};
    }
    try {
        p.done.get();
    } catch (const std::exception& e) {
        return base::Error{base::ErrorCode::kInternal,
                           "shard " + std::to_string(shard) + ": " + e.what()};
    }
    SB_ASSERT(p.answer->has_value());
    return std::move(**p.answer);
}

// Result<json> answers come back as Result<Result<json>>; one level is enough for the caller.
base::Result<nlohmann::json> flatten(base::Result<base::Result<nlohmann::json>> r) {
    if (!r.ok()) return std::move(r).error();
    return std::move(r).value();
}

}  // namespace

EngineBackend::EngineBackend(runtime::Engine& engine, EngineHooks hooks,
                             EngineBackendOptions options)
    : engine_(engine), hooks_(std::move(hooks)), options_(options) {
    SB_ASSERT(hooks_.reload != nullptr);
}

bool EngineBackend::ready() { return engine_.accepting() && (!hooks_.ready || hooks_.ready()); }

base::Result<std::uint32_t> EngineBackend::shard_of(std::string_view tenant) const {
    if (engine_.snapshot()->find_tenant(tenant) == nullptr) {
        return base::Error{base::ErrorCode::kNotFound,
                           "unknown tenant '" + std::string(tenant) + "'"};
    }
    return runtime::shard_for_tenant(tenant, engine_.shard_count());
}

void EngineBackend::collect(prometheus::Writer& out) {
    const std::uint32_t shards = engine_.shard_count();
    // Ask every shard first, then wait for all against one deadline: a scrape costs one
    // round-trip, not one per shard.
    std::vector<Pending<ShardGauges>> pending;
    for (std::uint32_t i = 0; i < shards; ++i) {
        pending.push_back(post<ShardGauges>(engine_, i, shard_gauges));
    }
    EngineSample sample;
    sample.config_version = engine_.snapshot()->version;
    sample.stats = engine_.stats();
    const auto deadline = Clock::now() + options_.shard_timeout;
    for (std::uint32_t i = 0; i < shards; ++i) {
        base::Result<ShardGauges> g = take(pending[i], i, deadline, options_.shard_timeout);
        sample.shards.push_back(g.ok() ? std::optional(std::move(g).value()) : std::nullopt);
        sample.latency.push_back(engine_.latency(i));
    }
    write_engine_metrics(sample, out);
    if (hooks_.collect_server) hooks_.collect_server(out);
}

base::Result<nlohmann::json> EngineBackend::tenant_state(std::string_view tenant) {
    const base::Result<std::uint32_t> shard = shard_of(tenant);
    if (!shard.ok()) return shard.error();
    auto p = post<base::Result<nlohmann::json>>(
        engine_, *shard,
        [tenant = std::string(tenant), limits = options_.state_limits](const core::Shard& s) {
            return tenant_state_json(s, tenant, limits);
        });
    return flatten(take(p, *shard, Clock::now() + options_.shard_timeout, options_.shard_timeout));
}

base::Result<nlohmann::json> EngineBackend::conversation_trace(std::string_view tenant,
                                                               std::string_view conversation) {
    const base::Result<std::uint32_t> shard = shard_of(tenant);
    if (!shard.ok()) return shard.error();
    auto p = post<base::Result<nlohmann::json>>(
        engine_, *shard,
        [tenant = std::string(tenant), conversation = std::string(conversation),
         max = options_.max_candidates](const core::Shard& s) {
            return conversation_trace_json(s, tenant, conversation, max);
        });
    return flatten(take(p, *shard, Clock::now() + options_.shard_timeout, options_.shard_timeout));
}

base::Result<std::uint64_t> EngineBackend::reload() {
    if (!engine_.accepting()) {
        return base::Error{base::ErrorCode::kResourceExhausted,
                           "the engine is stopping; the configuration was not reloaded"};
    }
    return hooks_.reload();
}

}  // namespace switchboard::admin
