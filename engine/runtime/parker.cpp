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

// The waiter writes `state_` then reads its rings; a waker writes a ring then reads `state_`.
// Each side puts a seq_cst fence between its write and its read, so the two fences are ordered
// and the later side sees the earlier side's write: either the waiter's re-check sees the work,
// or wake() sees kParking and issues the futex wake. wake() on a running waiter is then a local
// fence and a load of a line the waiter rarely writes (it changes `state_` only around a park):
// no cross-core read-modify-write per batch. ThreadSanitizer does not model fences, so under it
// wake() reads `state_` with a read-modify-write instead, which orders the two sides through the
// variable's modification order (prepare()'s exchange reads or precedes it).
#if defined(__SANITIZE_THREAD__)
#define SB_PARKER_RMW 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define SB_PARKER_RMW 1
#endif
#endif

void Parker::prepare() noexcept {
    state_.exchange(kParking, std::memory_order_acq_rel);
#ifndef SB_PARKER_RMW
    std::atomic_thread_fence(std::memory_order_seq_cst);
#endif
}

void Parker::cancel() noexcept { state_.store(kRunning, std::memory_order_relaxed); }

void Parker::park(std::optional<std::chrono::nanoseconds> timeout) noexcept {
    if (state_.load(std::memory_order_acquire) == kParking) {
        parks_.fetch_add(1, std::memory_order_relaxed);
        futex_wait(state_, kParking, timeout);
    }
    state_.store(kRunning, std::memory_order_relaxed);
}

void Parker::wake() noexcept {
#ifdef SB_PARKER_RMW
    if (state_.fetch_or(0, std::memory_order_acq_rel) != kParking) return;
#else
    std::atomic_thread_fence(std::memory_order_seq_cst);
    if (state_.load(std::memory_order_relaxed) != kParking) return;
#endif
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
