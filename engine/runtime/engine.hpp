// The running engine (DESIGN.md §5): shard threads, the gateway ports that feed them, and the
// output reader that drains them. switchboard::Router (router.hpp) is its public face; the net
// server uses it directly.
//
// Threads:
//  - any number of gateway threads, each owning one port (open_port), submit events;
//  - one shard thread per configured shard runs the core;
//  - one consumer thread at a time calls poll / wait_for_output / ack / resend;
//  - the owner calls stop() (from any thread but the shard threads);
//  - any other thread (an admin endpoint, a SIGHUP handler) may call run_on_shard, reload,
//    snapshot, stats and latency. A shard whose notice ring is full waits for the consumer, so
//    the consumer thread must not wait on run_on_shard's future nor call reload.
//
// Stopping: stop() refuses new submits, waits for submits in flight, lets every shard drain its
// rings and apply every event taken, then joins the shard threads. Outputs stay readable after
// stop(), so the consumer can flush them. While stopping, keep polling: a shard whose notice
// ring is full waits for the consumer.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <vector>

#include "engine/base/result.hpp"
#include "engine/config/snapshot.hpp"
#include "engine/runtime/gateway_port.hpp"
#include "engine/runtime/latency_histogram.hpp"
#include "engine/runtime/output_reader.hpp"
#include "engine/runtime/shard_worker.hpp"
#include "engine/runtime/submission.hpp"

namespace switchboard::runtime {

struct EngineStats {
    std::vector<WorkerStats> shards;
    std::vector<std::size_t> ring_depths;  // events waiting, per shard (all ports)
};

class Engine {
  public:
    // Starts one thread per snapshot->engine.shards. Errors: a snapshot without tenants.
    static base::Result<std::shared_ptr<Engine>> start(
        std::shared_ptr<const config::Snapshot> snapshot);
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    void stop();
    bool accepting() const noexcept { return accepting_.load(std::memory_order_acquire); }

    // --- Gateway threads ---
    // A port for the calling thread. Errors: all max_gateways ports in use; engine stopped.
    base::Result<std::uint32_t> open_port();
    void close_port(std::uint32_t port);
    SubmitStatus try_submit(std::uint32_t port, Submission& submission);
    // Waits (spin, then park) while the ring is full. kAccepted or kStopped or kInvalid.
    SubmitStatus submit(std::uint32_t port, Submission& submission);
    // Submits a prefix of `batch`, waiting for room; returns how many were taken (all of them
    // unless the engine stopped or one is invalid, which ends the batch there).
    std::size_t submit_batch(std::uint32_t port, std::span<Submission> batch);
    // As submit_batch, but never waits: takes the prefix that fits now (0 when a ring is full
    // or the engine stopped). For a thread that also drains outputs, e.g. a network I/O loop.
    std::size_t try_submit_batch(std::uint32_t port, std::span<Submission> batch);

    // --- The consumer thread ---
    OutputReader& reader() noexcept { return *reader_; }

    // --- Control: any thread but the shard threads and the consumer thread ---
    // Runs `task` on shard `shard`'s thread between two batches (waking it if it is parked); the
    // future is ready once the task ran and that pass's outputs and stats are published, and
    // get() rethrows what the task threw. Once the engine stopped (its shard threads ended or are
    // ending), the task runs on the calling thread instead, before this returns, never at the
    // same time as another task of that shard. A task must not call run_on_shard or reload: it
    // would wait for itself. Precondition: shard < shard_count().
    std::future<void> run_on_shard(std::uint32_t shard,
                                   std::function<void(const core::Shard&)> task);

    // Live reload (DESIGN.md §6): switches every shard to `next` between two of its batches,
    // keeping agents, conversations, queue positions and timers (core::Shard::reconfigure), then
    // publishes `next` as snapshot(), numbered running version + 1; returns that version. Each
    // shard's stats().config_version shows the version it routes by. Calls are serialised.
    // Errors, with nothing changed: kFailedPrecondition listing every reason of
    // config::check_reload, one per line; kFailedPrecondition when the engine stopped. If stop()
    // races with a reload, shards that took the new config before stopping keep it, and the
    // reload reports the stop.
    base::Result<std::uint64_t> reload(std::shared_ptr<const config::Snapshot> next);

    // The configuration in force (the last reload's, or start's). Safe during a reload.
    std::shared_ptr<const config::Snapshot> snapshot() const;
    EngineStats stats() const;
    // Engine latency (submit call -> outputs published), all shards merged, or of one shard.
    LatencySnapshot latency() const;
    LatencySnapshot latency(std::uint32_t shard) const;
    std::uint32_t shard_count() const noexcept {
        return static_cast<std::uint32_t>(workers_.size());
    }

  private:
    explicit Engine(std::shared_ptr<const config::Snapshot> snapshot);
    // The shard of the submission's tenant; nullopt for an event without one (a Tick).
    std::optional<std::uint32_t> shard_of(const Submission& s) const noexcept;
    std::size_t submit_runs(std::uint32_t port, std::span<Submission> batch, bool wait);
    // Pushes a run of submissions that all go to `shard`; with `wait`, waits for room.
    std::size_t push_run(GatewayPort& port, std::uint32_t shard, std::span<Submission> run,
                         bool wait);

    class SubmitGuard;

    // The runtime bounds, from the snapshot Engine::start was given: reloads cannot change them.
    const config::EngineSpec bounds_;
    mutable std::mutex snapshot_mutex_;  // snapshot_ only; never held while waiting for shards
    std::shared_ptr<const config::Snapshot> snapshot_;
    std::mutex reload_mutex_;  // one reload at a time
    const std::chrono::nanoseconds spin_;
    std::unique_ptr<GatewayPort[]> ports_;
    std::uint32_t port_count_;
    std::mutex ports_mutex_;  // open_port / close_port only: never on the event path
    Parker consumer_parker_;
    std::vector<std::unique_ptr<ShardWorker>> workers_;
    std::unique_ptr<OutputReader> reader_;
    std::atomic<bool> accepting_{true};
    std::once_flag stopped_;
};

}  // namespace switchboard::runtime
