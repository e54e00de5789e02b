// Parks one thread until another thread wakes it: how an idle Switchboard thread uses no CPU
// (DESIGN.md §5). Exactly one thread waits on a Parker (its owner); any thread may wake it.
//
// Protocol, for a waiter whose work arrives through rings (lost wake-ups are impossible: both
// sides order their write and their read with a seq_cst fence, see parker.cpp):
//
//     waiter                                   waker
//     parker.prepare();                        publish work (e.g. ring push, release store)
//     if (work visible) parker.cancel();       parker.wake();
//     else parker.park(timeout);
//
// prepare() announces the intent to sleep, then the waiter looks at its rings once more; wake()
// looks at the announcement after publishing. Either the waiter sees the work or the waker sees
// the announcement and issues a futex wake. The Parker orders only itself: the waker must
// publish its work with a release store (or stronger) before wake(), and `has_work` must read
// that same atomic with acquire, as the rings' size_guess() and empty_guess() do. wake() on a
// running waiter costs a local fence and one load of a line the waiter seldom writes (no syscall,
// no cross-core read-modify-write), so producers may call it once per batch without measuring
// whether it was needed.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>

#include <sched.h>

namespace switchboard::runtime {

// A cache line of its own: a waker reads `state_` once per batch, and a neighbour the owner
// writes on every pass (a worker's counters) would make that read miss each time.
class alignas(64) Parker {
  public:
    Parker() = default;
    Parker(const Parker&) = delete;
    Parker& operator=(const Parker&) = delete;

    // Owner thread. Announces the intent to park; must be followed by cancel() or park().
    void prepare() noexcept;
    // Owner thread. Withdraws the announcement (work turned up after prepare()).
    void cancel() noexcept;
    // Owner thread. Sleeps until wake(), `timeout` (none = no limit) or a spurious wake-up; the
    // caller re-checks its work either way. Returns immediately if wake() came after prepare().
    void park(std::optional<std::chrono::nanoseconds> timeout) noexcept;

    // Any thread, after publishing work for the owner.
    void wake() noexcept;

    // For an owner that sleeps in an event loop rather than in park(): wake() then writes 1 to
    // `event_fd` (an eventfd the loop watches) instead of a futex wake. prepare()/cancel() keep
    // their meaning; park() must not be used any more. Call before the first prepare().
    void notify_through(int event_fd) noexcept {
        notify_fd_.store(event_fd, std::memory_order_release);
    }

    std::uint64_t parks() const noexcept { return parks_.load(std::memory_order_relaxed); }
    std::uint64_t wakes() const noexcept { return wakes_.load(std::memory_order_relaxed); }

  private:
    static constexpr std::uint32_t kRunning = 0;
    static constexpr std::uint32_t kParking = 1;

    std::atomic<std::uint32_t> state_{kRunning};
    std::atomic<int> notify_fd_{-1};
    std::atomic<std::uint64_t> parks_{0};  // futex sleeps, for metrics
    std::atomic<std::uint64_t> wakes_{0};  // futex wake calls, for metrics
};

// One step of a spin: gives the core to any other thread that is ready to run on it and returns
// at once when there is none. On a box with fewer cores than busy threads (the default 2-core
// layout with a gateway or a load generator beside it) a spinning thread would otherwise hold
// a core the thread it waits for needs (measured: bench/README.md, server_bench).
inline void spin_once() noexcept { sched_yield(); }

// Spins, then parks: the loop every Switchboard thread runs when it finds nothing to do.
// `has_work` is re-evaluated after prepare(); `spin` is how long to poll before parking.
template <typename HasWork>
void idle_wait(Parker& parker, std::chrono::nanoseconds spin,
               std::optional<std::chrono::nanoseconds> timeout, HasWork&& has_work) {
    const auto spin_until = std::chrono::steady_clock::now() + spin;
    do {
        if (has_work()) return;
        spin_once();
    } while (std::chrono::steady_clock::now() < spin_until);
    parker.prepare();
    if (has_work()) {
        parker.cancel();
        return;
    }
    parker.park(timeout);
}

// The spin half of idle_wait for a loop that sleeps somewhere else (the gateway server's epoll):
// for `spin` after the last busy(), spinning() takes one spin_once() step and says true.
class SpinAfterWork {
  public:
    explicit SpinAfterWork(std::chrono::nanoseconds spin) noexcept : spin_(spin) {}

    void busy() noexcept { last_busy_ = std::chrono::steady_clock::now(); }
    bool spinning() noexcept {
        if (std::chrono::steady_clock::now() - last_busy_ >= spin_) return false;
        spin_once();
        return true;
    }

  private:
    std::chrono::nanoseconds spin_;
    std::chrono::steady_clock::time_point last_busy_ = std::chrono::steady_clock::now();
};

}  // namespace switchboard::runtime
