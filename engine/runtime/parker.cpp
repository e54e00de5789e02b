#include "engine/runtime/parker.hpp"

#include <ctime>

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace switchboard::runtime {
namespace {

static_assert(sizeof(std::atomic<std::uint32_t>) == sizeof(std::uint32_t));
static_assert(std::atomic<std::uint32_t>::is_always_lock_free);

// The futex word is the atomic's object representation (same size, lock-free): the kernel
// compares it with `expected` and sleeps only if they are equal, which closes the race between
// our last check and the sleep.
std::uint32_t* futex_word(std::atomic<std::uint32_t>& a) noexcept {
    return reinterpret_cast<std::uint32_t*>(&a);
}

void futex_wait(std::atomic<std::uint32_t>& a, std::uint32_t expected,
                std::optional<std::chrono::nanoseconds> timeout) noexcept {
    timespec ts{};
    timespec* tsp = nullptr;
    if (timeout) {
        const auto ns = timeout->count() > 0 ? timeout->count() : 0;
        ts.tv_sec = static_cast<time_t>(ns / 1'000'000'000);
        ts.tv_nsec = static_cast<long>(ns % 1'000'000'000);
        tsp = &ts;
    }
    // EINTR, EAGAIN (the word changed) and ETIMEDOUT all mean "look again": the caller does.
    syscall(SYS_futex, futex_word(a), FUTEX_WAIT_PRIVATE, expected, tsp, nullptr, 0);
}

void futex_wake_one(std::atomic<std::uint32_t>& a) noexcept {
    syscall(SYS_futex, futex_word(a), FUTEX_WAKE_PRIVATE, 1, nullptr, nullptr, 0);
}

}  // namespace

// prepare() and wake() both read-modify-write `state_`, so the two are ordered in its
// modification order. If wake()'s RMW comes first, prepare()'s exchange reads what it wrote and
// synchronises with it: the waker's published work is visible to the waiter's re-check. If
// prepare() comes first, wake() reads kParking and issues the futex wake. (RMWs rather than
// fences because ThreadSanitizer does not model fences.)
void Parker::prepare() noexcept { state_.exchange(kParking, std::memory_order_acq_rel); }

void Parker::cancel() noexcept { state_.store(kRunning, std::memory_order_relaxed); }

void Parker::park(std::optional<std::chrono::nanoseconds> timeout) noexcept {
    if (state_.load(std::memory_order_acquire) == kParking) {
        parks_.fetch_add(1, std::memory_order_relaxed);
        futex_wait(state_, kParking, timeout);
    }
    state_.store(kRunning, std::memory_order_relaxed);
}

void Parker::wake() noexcept {
    if (state_.fetch_or(0, std::memory_order_acq_rel) != kParking) return;
    if (state_.exchange(kRunning, std::memory_order_acq_rel) != kParking) return;
    wakes_.fetch_add(1, std::memory_order_relaxed);
    const int fd = notify_fd_.load(std::memory_order_acquire);
    if (fd < 0) {
        futex_wake_one(state_);
        return;
    }
    const std::uint64_t one = 1;
    // EAGAIN (counter saturated) still leaves the fd readable; nothing else can fail here.
    [[maybe_unused]] const auto written = ::write(fd, &one, sizeof one);
}

}  // namespace switchboard::runtime
