#include "engine/runtime/shard_worker.hpp"

#include <algorithm>
#include <cstring>
#include <future>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "engine/base/assert.hpp"
#include "engine/runtime/cpu_affinity.hpp"
#include "engine/runtime/thread_name.hpp"

namespace switchboard::runtime {

// The worker's counters for other threads: one relaxed atomic per 64-bit word of WorkerStats,
// so each counter reads tear-free (not a consistent set, which metrics do not need).
struct ShardWorker::Published {
    static_assert(std::is_trivially_copyable_v<WorkerStats>);
    static_assert(sizeof(WorkerStats) % sizeof(std::uint64_t) == 0);
    static constexpr std::size_t kWords = sizeof(WorkerStats) / sizeof(std::uint64_t);

    void store(const WorkerStats& s) noexcept {
        std::uint64_t words[kWords];
        std::memcpy(words, &s, sizeof(s));
        for (std::size_t i = 0; i < kWords; ++i) word[i].store(words[i], std::memory_order_relaxed);
    }
    WorkerStats load() const noexcept {
        std::uint64_t words[kWords];
        for (std::size_t i = 0; i < kWords; ++i) words[i] = word[i].load(std::memory_order_relaxed);
        WorkerStats s;
        std::memcpy(&s, words, sizeof(s));
        return s;
    }

    std::atomic<std::uint64_t> word[kWords] = {};
};

ShardWorker::ShardWorker(std::uint32_t index, std::shared_ptr<const config::Snapshot> snapshot,
                         std::span<GatewayPort> ports, Parker& consumer, SteadyTime epoch)
    : index_(index),
      spec_(snapshot->engine),
      ports_(ports),
      consumer_(&consumer),
      epoch_(epoch),
      shard_(snapshot, clock_now()),
      outboxes_(spec_.max_outboxes, spec_.outbox_capacity),
      sink_(shard_, outboxes_, notice_buffer_),
      // Every outbox is on the ready ring at most once, so this ring can never be full.
      ready_(spec_.max_outboxes),
      notice_ring_(spec_.notice_capacity),
      published_(std::make_unique<Published>()) {
    // At most one run per event of a pass: recording never allocates on the event path.
    stamps_.reserve(ports_.size() * spec_.batch_max);
    local_.config_version = shard_.snapshot().version;
    published_->store(local_);
}

ShardWorker::~ShardWorker() {
    if (thread_.joinable()) {
        request_stop();
        join();
    }
}

base::Status ShardWorker::start(std::optional<std::uint32_t> cpu) {
    SB_ASSERT(!thread_.joinable());
    // The thread pins itself before it routes anything, and start() returns the outcome: a
    // placement the kernel refuses fails the engine's start instead of running unpinned.
    std::promise<base::Status> placed;
    std::future<base::Status> outcome = placed.get_future();
    // The thread owns the promise: start() may return while set_value() is still unwinding.
    thread_ = std::thread([this, cpu, placed = std::move(placed)]() mutable {
        name_this_thread("sb-shard" + std::to_string(index_));
        base::Status status = pin_this_thread(cpu);
        const bool pinned = status.ok();
        placed.set_value(std::move(status));
        if (pinned) run();
    });
    base::Status status = outcome.get();
    if (!status.ok()) thread_.join();
    return status;
}

void ShardWorker::request_stop() {
    stop_.store(true, std::memory_order_release);
    parker_.wake();
}

void ShardWorker::join() {
    if (thread_.joinable()) thread_.join();
}

base::Time ShardWorker::clock_now() const noexcept {
    const auto elapsed = std::chrono::steady_clock::now() - epoch_;
    return base::Time{std::chrono::duration_cast<base::Duration>(elapsed)};
}

std::chrono::nanoseconds ShardWorker::spin() const noexcept {
    return std::chrono::microseconds(spec_.idle_spin_us);
}

void ShardWorker::run() {
    bool events_lately = false;  // the last busy pass took events: more may follow at once
    for (;;) {
        // Read before draining: if stop was requested before this pass and the pass finds every
        // ring empty, no event can arrive any more (the precondition of request_stop()).
        const bool stopping = stop_.load(std::memory_order_acquire);
        const bool controlled = control_.pending() && run_control();
        const base::Time now = clock_now();
        const std::size_t events = drain_ports(now);
        const bool ticked = tick_if_due(now);
        const bool busy = events > 0 || ticked || controlled;
        finish_pass(busy);
        if (busy) {
            events_lately = events > 0;
            continue;
        }
        if (stopping) break;
        const auto timeout = sleep_limit(now);
        // Spin only while traffic flows; after a tick alone, park at once, so that a quiet
        // engine with armed timers costs one short wake-up per tick.
        const auto spin_for = events_lately ? spin() : std::chrono::nanoseconds(0);
        events_lately = false;
        idle_wait(parker_, spin_for, timeout, [this] {
            return inputs_pending() || control_.pending() || stop_.load(std::memory_order_acquire);
        });
    }
    // Tasks posted until now still run here, on the shard's own thread; later ones are refused
    // (mutable) or run by their caller (read-only).
    control_.close_and_run();
    finish_pass(true);
}

bool ShardWorker::run_control() { return control_.run_pending() > 0; }

// Counters first: a consumer that sees this pass's outputs also sees its counts. Control
// futures last: whoever waits for a task sees the outputs and counters of the pass that ran it.
void ShardWorker::finish_pass(bool changed) {
    if (changed) publish_stats();
    flush();
    record_latency();
    control_.finish();
}

std::future<void> ShardWorker::run_on_shard(std::function<void(const core::Shard&)> task) {
    std::future<void> done = control_.post_or_run([this, task = std::move(task)] {
        const core::Shard& shard = shard_;
        task(shard);
    });
    parker_.wake();
    return done;
}

std::optional<std::future<void>> ShardWorker::run_on_shard_mut(
    std::function<void(core::Shard&, core::ActionSink&)> task) {
    std::optional<std::future<void>> done = control_.post([this, task = std::move(task)] {
        // Its actions have no causing submission, like a tick's. The tick brings the shard to
        // the present first, so that the task acts at the engine's current time.
        sink_.begin(nullptr, 0);
        shard_.apply(core::Tick{}, clock_now(), sink_);
        task(shard_, sink_);
    });
    if (done) parker_.wake();
    return done;
}

std::size_t ShardWorker::drain_ports(base::Time now) {
    std::size_t total = 0;
    for (std::size_t p = 0; p < ports_.size(); ++p) {
        GatewayPort& port = ports_[p];
        if (port.state.load(std::memory_order_acquire) == PortState::kFree) continue;
        const auto gateway = static_cast<std::uint32_t>(p);
        const std::size_t n =
            port.rings[index_]->consume_batch(spec_.batch_max, [&](const auto& batch) {
                const std::size_t count = batch.size();
                const auto event_at = [&](std::size_t i) -> const core::Event& {
                    return batch[i].event;
                };
                hints_.prime(shard_, count, event_at);
                for (std::size_t i = 0; i < count; ++i) {
                    hints_.before_apply(shard_, i, count, event_at);
                    Submission& s = batch[i];
                    note_submitted(s.submitted_ns);
                    sink_.begin(&s, gateway);
                    shard_.apply(s.event, now, sink_);
                    sink_.relay_message();
                }
            });
        if (n == 0) continue;
        total += n;
        port.space.wake();  // the gateway may be parked on a full ring
    }
    local_.events += total;
    return total;
}

void ShardWorker::note_submitted(std::int64_t submitted_ns) noexcept {
    if (!stamps_.empty() && stamps_.back().submitted_ns == submitted_ns) {
        ++stamps_.back().events;
        return;
    }
    SB_ASSERT(stamps_.size() < stamps_.capacity());  // at most batch_max events per port
    stamps_.push_back(StampRun{submitted_ns, 1});
}

// One clock read per pass, after the pass's outputs were published. Unstamped submissions
// (submitted_ns == 0: not from Engine's submit paths) are not measured.
void ShardWorker::record_latency() noexcept {
    if (stamps_.empty()) return;
    const std::int64_t published_ns = steady_now_ns();
    for (const StampRun& run : stamps_) {
        if (run.submitted_ns != 0) latency_.record(published_ns - run.submitted_ns, run.events);
    }
    stamps_.clear();
}

// Ticks only when the wheel says something may be due, at most once per tick_ms: timers fire
// within one tick of their deadline, and a quiet engine sleeps until its next deadline.
bool ShardWorker::tick_if_due(base::Time now) {
    const auto bound = shard_.next_timer_bound();
    if (!bound || now < *bound || now < next_tick_) return false;
    sink_.begin(nullptr, 0);
    shard_.apply(core::Tick{}, now, sink_);
    next_tick_ = now + base::Duration{spec_.tick_ms};
    ++local_.ticks;
    return true;
}

std::optional<std::chrono::nanoseconds> ShardWorker::sleep_limit(base::Time now) const {
    const auto bound = shard_.next_timer_bound();
    if (!bound) return std::nullopt;
    const base::Time wake = std::max({*bound, next_tick_, now});
    // +1 ms: engine time is whole milliseconds, so waking at the bound's start could be early.
    return std::chrono::nanoseconds(wake - now) + std::chrono::milliseconds(1);
}

void ShardWorker::flush() {
    const bool deliveries = outboxes_.publish(ready_) > 0;
    const bool notices = notice_buffer_.size() > 0;
    push_notices();
    if (deliveries || notices) {
        ++local_.batches;
        consumer_->wake();
    }
}

// Notices are never dropped: when the ring is full the shard waits for the consumer to make
// room, which stops it taking events, which fills the gateways' rings: backpressure end to end.
void ShardWorker::push_notices() {
    auto& items = notice_buffer_.items();
    const std::size_t n = notice_buffer_.size();
    std::size_t done = 0;
    while (done < n) {
        done +=
            notice_ring_.push_batch(items.begin() + static_cast<std::ptrdiff_t>(done), n - done);
        if (done == n) break;
        ++local_.notice_waits;
        consumer_->wake();
        idle_wait(parker_, spin(), std::chrono::milliseconds(1),
                  [this] { return notice_ring_.size_guess() < notice_ring_.capacity(); });
    }
    notice_buffer_.clear();
}

bool ShardWorker::inputs_pending() const noexcept {
    for (const GatewayPort& port : ports_) {
        if (port.state.load(std::memory_order_acquire) == PortState::kFree) continue;
        if (!port.rings[index_]->empty_guess()) return true;
    }
    return false;
}

void ShardWorker::publish_stats() {
    local_.outboxes = outboxes_.size();
    local_.agents = shard_.agent_count();
    local_.conversations = shard_.conversation_count();
    local_.config_version = shard_.snapshot().version;
    local_.outputs = sink_.counters();
    published_->store(local_);
}

WorkerStats ShardWorker::stats() const noexcept {
    WorkerStats s = published_->load();
    s.parks = parker_.parks();
    return s;
}

}  // namespace switchboard::runtime
