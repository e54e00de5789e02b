// One shard thread (DESIGN.md §5): owns a core::Shard and the engine's clock for it, takes
// events from every gateway's ring in batches, applies them, and publishes the outputs once per
// batch: deliveries into agent outboxes (announced on the ready ring), notices into the notice
// ring. Between batches it ticks the timing wheel while timers are armed; with nothing to do it
// spins briefly, then parks until a gateway or the consumer wakes it (or the next tick is due).
//
// Threads: the worker's thread ("sb-shard<index>") is the only one that touches the shard, the
// outbox producer sides and the ring consumer sides listed above. start(), request_stop() and
// join() are called by the engine's owner; ready(), notices() and parker() are the consumer
// thread's handles. Other threads reach the shard only through the control mailbox (run_on_shard*),
// whose tasks the worker runs between two batches; stats() and latency() may be read from any
// thread.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <span>
#include <thread>
#include <vector>

#include "engine/base/result.hpp"
#include "engine/config/snapshot.hpp"
#include "engine/core/hint_window.hpp"
#include "engine/core/shard.hpp"
#include "engine/runtime/control_mailbox.hpp"
#include "engine/runtime/gateway_port.hpp"
#include "engine/runtime/latency_histogram.hpp"
#include "engine/runtime/outbox_table.hpp"
#include "engine/runtime/output_sink.hpp"
#include "engine/runtime/parker.hpp"

namespace switchboard::runtime {

using NoticeRing = SpscRing<Notice>;
using SteadyTime = std::chrono::steady_clock::time_point;

// Counters a worker publishes once per batch (relaxed; any thread may read them).
struct WorkerStats {
    std::uint64_t events = 0;
    std::uint64_t batches = 0;
    std::uint64_t ticks = 0;
    std::uint64_t notice_waits = 0;  // times the notice ring was full (backpressure on the shard)
    std::uint64_t parks = 0;
    std::uint32_t outboxes = 0;
    std::uint32_t agents = 0;
    std::uint32_t conversations = 0;
    std::uint64_t config_version = 0;  // of the snapshot the shard routes by now
    OutputCounters outputs;  // deliveries, notices, outbox overflows, rejections, assignments
};

class ShardWorker {
  public:
    // `snapshot` holds exactly this shard's tenants; its `engine` section sets the bounds.
    // `ports` and `consumer` outlive the worker. `epoch` is engine time zero.
    ShardWorker(std::uint32_t index, std::shared_ptr<const config::Snapshot> snapshot,
                std::span<GatewayPort> ports, Parker& consumer, SteadyTime epoch);
    ~ShardWorker();
    ShardWorker(const ShardWorker&) = delete;
    ShardWorker& operator=(const ShardWorker&) = delete;

    // Starts the thread, pinned to `cpu` when given (cpu_affinity.hpp). On an error the kernel
    // refused the pin and no thread runs.
    base::Status start(std::optional<std::uint32_t> cpu);
    // Precondition: no gateway will push again (the engine stopped accepting and waited for
    // submits in flight). The worker drains every ring, publishes, and its thread ends.
    void request_stop();
    void join();

    ReadyRing& ready() noexcept { return ready_; }
    NoticeRing& notices() noexcept { return notice_ring_; }
    Parker& parker() noexcept { return parker_; }
    WorkerStats stats() const noexcept;
    // Engine latency of the events this shard applied (latency_histogram.hpp). Any thread.
    LatencySnapshot latency() const noexcept { return latency_.read(); }
    std::uint32_t index() const noexcept { return index_; }

    // --- Control (any thread but this worker's; see Engine::run_on_shard) ---
    // Runs `task` on the shard thread between two batches; once the thread has ended, on the
    // calling thread before returning.
    std::future<void> run_on_shard(std::function<void(const core::Shard&)> task);
    // Runs `task` with the shard and the worker's action sink between two batches, after a Tick
    // at the worker's clock (so the shard's now() is the present and due timers acted); the
    // actions are published with that pass's outputs before the future is ready. nullopt once
    // the thread has ended (nothing may change the shard then).
    std::optional<std::future<void>> run_on_shard_mut(
        std::function<void(core::Shard&, core::ActionSink&)> task);

  private:
    // Events of one pass that were submitted at the same steady time (one submit call).
    struct StampRun {
        std::int64_t submitted_ns;
        std::uint32_t events;
    };

    void run();
    bool run_control();
    void finish_pass(bool changed);
    std::size_t drain_ports(base::Time now);
    void note_submitted(std::int64_t submitted_ns) noexcept;
    void record_latency() noexcept;
    bool tick_if_due(base::Time now);
    std::optional<std::chrono::nanoseconds> sleep_limit(base::Time now) const;
    void flush();
    void push_notices();
    void publish_stats();
    bool inputs_pending() const noexcept;
    base::Time clock_now() const noexcept;
    std::chrono::nanoseconds spin() const noexcept;

    const std::uint32_t index_;
    const config::EngineSpec spec_;
    std::span<GatewayPort> ports_;
    Parker* consumer_;
    const SteadyTime epoch_;
    core::Shard shard_;
    core::HintWindow hints_;  // cache hints ahead of each ring batch's events
    OutboxTable outboxes_;
    NoticeBuffer notice_buffer_;
    OutputSink sink_;
    ReadyRing ready_;
    NoticeRing notice_ring_;
    Parker parker_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
    base::Time next_tick_{};
    WorkerStats local_;  // worker-thread copy, published to `published_` per batch
    struct Published;
    std::unique_ptr<Published> published_;
    ControlMailbox control_;
    std::vector<StampRun> stamps_;  // this pass's events, by submit stamp; reserved up front
    LatencyHistogram latency_;
};

}  // namespace switchboard::runtime
