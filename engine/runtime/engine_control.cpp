// Engine's control side: tasks on a shard's thread, live reload, the configuration in force and
// engine latency. None of it is on the event path: shards see control work through their
// mailboxes' pending flags, one load per pass.
#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "engine/base/assert.hpp"
#include "engine/config/reload_check.hpp"
#include "engine/runtime/engine.hpp"
#include "engine/runtime/placement.hpp"

namespace switchboard::runtime {
namespace {

std::string one_per_line(const std::vector<std::string>& lines) {
    std::string out;
    for (const std::string& line : lines) {
        if (!out.empty()) out += '\n';
        out += line;
    }
    return out;
}

base::Error stopped_error(std::string_view what) {
    return base::Error{base::ErrorCode::kFailedPrecondition, "engine: " + std::string(what)};
}

}  // namespace

std::future<void> Engine::run_on_shard(std::uint32_t shard,
                                       std::function<void(const core::Shard&)> task) {
    SB_ASSERT(shard < workers_.size());
    return workers_[shard]->run_on_shard(std::move(task));
}

std::shared_ptr<const config::Snapshot> Engine::snapshot() const {
    const std::lock_guard lock(snapshot_mutex_);
    return snapshot_;
}

base::Result<std::uint64_t> Engine::reload(std::shared_ptr<const config::Snapshot> next) {
    if (next == nullptr) {
        return base::Error{base::ErrorCode::kInvalidArgument, "reload: no configuration given"};
    }
    const std::lock_guard serial(reload_mutex_);
    if (!accepting()) return stopped_error("stopped, the configuration was not reloaded");
    // Only reloads write snapshot_, and they are serialised: `running` stays the one in force.
    const std::shared_ptr<const config::Snapshot> running = snapshot();
    const std::vector<std::string> refused = config::check_reload(*running, *next);
    if (!refused.empty()) {
        return base::Error{base::ErrorCode::kFailedPrecondition, one_per_line(refused)};
    }
    // A copy: the caller's snapshot stays unnumbered, and the tenants keep their shard indexes.
    auto installed =
        std::make_shared<config::Snapshot>(config::align_tenant_order(*running, *next));
    installed->version = running->version + 1;
    const auto shards = shard_count();
    std::vector<std::future<void>> done;
    bool refused_by_a_stopped_shard = false;
    for (std::uint32_t i = 0; i < shards; ++i) {
        std::shared_ptr<const config::Snapshot> part = shard_snapshot(*installed, i, shards);
        auto posted = workers_[i]->run_on_shard_mut(
            [part = std::move(part)](core::Shard& shard, core::ActionSink& sink) {
                shard.reconfigure(part, sink);
            });
        if (posted) {
            done.push_back(std::move(*posted));
        } else {
            refused_by_a_stopped_shard = true;
        }
    }
    try {
        for (std::future<void>& f : done) f.get();
    } catch (const std::exception& e) {
        // Only allocation can fail inside reconfigure; a shard that failed half-way is broken.
        return base::Error{base::ErrorCode::kInternal, std::string("reload: ") + e.what()};
    }
    if (refused_by_a_stopped_shard) return stopped_error("stopped during the reload");
    const std::lock_guard lock(snapshot_mutex_);
    snapshot_ = installed;
    return installed->version;
}

LatencySnapshot Engine::latency() const {
    LatencySnapshot total;
    for (const auto& worker : workers_) total.merge(worker->latency());
    return total;
}

LatencySnapshot Engine::latency(std::uint32_t shard) const {
    SB_ASSERT(shard < workers_.size());
    return workers_[shard]->latency();
}

}  // namespace switchboard::runtime
