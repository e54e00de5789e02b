#include "engine/runtime/engine.hpp"

#include <string>
#include <thread>
#include <utility>

#include "engine/base/assert.hpp"
#include "engine/runtime/cpu_affinity.hpp"
#include "engine/runtime/placement.hpp"

namespace switchboard::runtime {
// Marks a submit in flight on the port's own cache line, then reads `accepting`; stop() clears
// `accepting`, then waits for the mark to go. Both sides use seq_cst, so either the submit sees
// the stop or stop() sees the submit (and waits for it to reach a ring).
class Engine::SubmitGuard {
  public:
    SubmitGuard(Engine& engine, GatewayPort& port) : port_(port) {
        port_.in_submit.store(true, std::memory_order_seq_cst);
        accepted_ = engine.accepting_.load(std::memory_order_seq_cst);
    }
    ~SubmitGuard() { port_.in_submit.store(false, std::memory_order_release); }
    SubmitGuard(const SubmitGuard&) = delete;
    SubmitGuard& operator=(const SubmitGuard&) = delete;
    bool accepted() const noexcept { return accepted_; }

  private:
    GatewayPort& port_;
    bool accepted_ = false;
};

Engine::Engine(std::shared_ptr<const config::Snapshot> snapshot)
    : bounds_(snapshot->engine),
      snapshot_(std::move(snapshot)),
      spin_(std::chrono::microseconds(bounds_.idle_spin_us)),
      ports_(std::make_unique<GatewayPort[]>(bounds_.max_gateways)),
      port_count_(bounds_.max_gateways) {}

base::Result<std::shared_ptr<Engine>> Engine::start(
    std::shared_ptr<const config::Snapshot> snapshot) {
    if (snapshot == nullptr || snapshot->tenants.empty()) {
        return base::Error{base::ErrorCode::kInvalidArgument,
                           "engine: the configuration has no tenants to route"};
    }
    if (snapshot->version == 0) {
        auto installed = std::make_shared<config::Snapshot>(*snapshot);
        installed->version = 1;
        snapshot = std::move(installed);
    }
    const auto& shard_cpus = snapshot->engine.shard_cpus;
    if (auto cpus = check_cpus(shard_cpus, "engine.shard_cpus"); !cpus.ok()) return cpus.error();
    std::shared_ptr<Engine> engine(new Engine(snapshot));
    const std::uint32_t shards = snapshot->engine.shards;
    const auto epoch = std::chrono::steady_clock::now();
    const std::span<GatewayPort> ports(engine->ports_.get(), engine->port_count_);
    for (std::uint32_t i = 0; i < shards; ++i) {
        engine->workers_.push_back(std::make_unique<ShardWorker>(
            i, shard_snapshot(*snapshot, i, shards), ports, engine->consumer_parker_, epoch));
    }
    engine->reader_ = std::make_unique<OutputReader>(
        std::span<const std::unique_ptr<ShardWorker>>(engine->workers_), engine->consumer_parker_,
        engine->spin_);
    for (std::uint32_t i = 0; i < shards; ++i) {
        // On an error the engine's destructor stops the shards already running.
        auto started = engine->workers_[i]->start(cpu_for(shard_cpus, i));
        if (!started.ok()) {
            return base::Error{
                started.error().code,
                "engine.shard_cpus: shard " + std::to_string(i) + ": " + started.error().message};
        }
    }
    return engine;
}

Engine::~Engine() { stop(); }

void Engine::stop() {
    std::call_once(stopped_, [this] {
        accepting_.store(false, std::memory_order_seq_cst);
        for (std::uint32_t p = 0; p < port_count_; ++p) {
            while (ports_[p].in_submit.load(std::memory_order_seq_cst)) std::this_thread::yield();
        }
        for (auto& worker : workers_) worker->request_stop();
        for (auto& worker : workers_) worker->join();
        consumer_parker_.wake();
    });
}

base::Result<std::uint32_t> Engine::open_port() {
    const std::lock_guard lock(ports_mutex_);
    if (!accepting()) {
        return base::Error{base::ErrorCode::kFailedPrecondition, "engine: stopped"};
    }
    for (std::uint32_t p = 0; p < port_count_; ++p) {
        GatewayPort& port = ports_[p];
        const PortState state = port.state.load(std::memory_order_acquire);
        if (state == PortState::kActive) continue;
        // A closed port is reused once the shards took everything its last owner submitted.
        if (state == PortState::kClosed && !port.rings_empty()) continue;
        if (port.rings.empty()) {
            for (std::size_t s = 0; s < workers_.size(); ++s) {
                port.rings.push_back(std::make_unique<SubmissionRing>(bounds_.ring_capacity));
            }
        }
        port.state.store(PortState::kActive, std::memory_order_release);
        return p;
    }
    return base::Error{base::ErrorCode::kResourceExhausted,
                       "engine: all " + std::to_string(port_count_) +
                           " gateway ports are in use (engine.max_gateways)"};
}

void Engine::close_port(std::uint32_t port) {
    SB_ASSERT(port < port_count_);
    const std::lock_guard lock(ports_mutex_);
    ports_[port].state.store(PortState::kClosed, std::memory_order_release);
}

std::optional<std::uint32_t> Engine::shard_of(const Submission& s) const noexcept {
    const auto tenant = event_tenant(s.event);
    if (!tenant) return std::nullopt;
    if (workers_.size() == 1) return 0;  // the default on a small box: no hashing per event
    return shard_for_tenant(*tenant, static_cast<std::uint32_t>(workers_.size()));
}

SubmitStatus Engine::try_submit(std::uint32_t port_index, Submission& submission) {
    SB_ASSERT(port_index < port_count_);
    const auto shard = shard_of(submission);
    if (!shard) return SubmitStatus::kInvalid;
    GatewayPort& port = ports_[port_index];
    const SubmitGuard guard(*this, port);
    if (!guard.accepted()) return SubmitStatus::kStopped;
    submission.submitted_ns = steady_now_ns();
    if (!port.rings[*shard]->try_push(std::move(submission))) return SubmitStatus::kFull;
    workers_[*shard]->parker().wake();
    return SubmitStatus::kAccepted;
}

SubmitStatus Engine::submit(std::uint32_t port, Submission& submission) {
    return submit_batch(port, std::span<Submission>(&submission, 1)) == 1
               ? SubmitStatus::kAccepted
               : (event_tenant(submission.event) ? SubmitStatus::kStopped : SubmitStatus::kInvalid);
}

std::size_t Engine::submit_batch(std::uint32_t port, std::span<Submission> batch) {
    return submit_runs(port, batch, true);
}

std::size_t Engine::try_submit_batch(std::uint32_t port, std::span<Submission> batch) {
    return submit_runs(port, batch, false);
}

std::size_t Engine::submit_runs(std::uint32_t port_index, std::span<Submission> batch, bool wait) {
    SB_ASSERT(port_index < port_count_);
    GatewayPort& port = ports_[port_index];
    const SubmitGuard guard(*this, port);
    if (!guard.accepted()) return 0;
    // One clock read per call: engine latency counts from here for the whole batch.
    const std::int64_t submitted_ns = steady_now_ns();
    for (Submission& s : batch) s.submitted_ns = submitted_ns;
    std::size_t done = 0;
    while (done < batch.size()) {
        const auto shard = shard_of(batch[done]);
        if (!shard) break;  // an invalid event ends the batch
        // A run of consecutive submissions for one shard moves with one publication.
        std::size_t end = done + 1;
        while (end < batch.size() && shard_of(batch[end]) == shard) ++end;
        const std::size_t want = end - done;
        const std::size_t pushed = push_run(port, *shard, batch.subspan(done, want), wait);
        done += pushed;
        if (pushed < want) break;  // full, and not allowed to wait (or stopped)
    }
    return done;
}

std::size_t Engine::push_run(GatewayPort& port, std::uint32_t shard, std::span<Submission> run,
                             bool wait) {
    SubmissionRing& ring = *port.rings[shard];
    ShardWorker& worker = *workers_[shard];
    std::size_t done = 0;
    while (done < run.size()) {
        done += ring.push_batch(run.begin() + static_cast<std::ptrdiff_t>(done), run.size() - done);
        worker.parker().wake();
        if (done == run.size() || !wait) break;
        // Backpressure: the shard is behind. Wait for it to take a batch (it wakes us).
        idle_wait(port.space, spin_, std::chrono::milliseconds(1),
                  [&ring] { return ring.size_guess() < ring.capacity(); });
    }
    return done;
}

EngineStats Engine::stats() const {
    EngineStats s;
    for (const auto& worker : workers_) {
        s.shards.push_back(worker->stats());
        std::size_t depth = 0;
        for (std::uint32_t p = 0; p < port_count_; ++p) {
            if (ports_[p].state.load(std::memory_order_acquire) == PortState::kFree) continue;
            depth += ports_[p].rings[worker->index()]->size_guess();
        }
        s.ring_depths.push_back(depth);
    }
    return s;
}

}  // namespace switchboard::runtime
