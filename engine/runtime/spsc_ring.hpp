// A bounded single-producer/single-consumer ring: the only queue between two threads on
// Switchboard's hot path (DESIGN.md §5). One thread pushes, one other thread pops; neither ever
// blocks, locks or allocates. A full ring refuses the push (the producer applies backpressure);
// an empty ring pops nothing (the consumer parks, see parker.hpp).
//
// Layout. The producer's index and its cached copy of the consumer's index share one cache line,
// the consumer's pair another, and the read-only slot pointer a third, so in steady state each
// side writes only its own line and reads the other's index only when its cached copy says the
// ring looks full (producer) or empty (consumer). Indexes are 64-bit counters that never wrap in
// practice (2^64 items); slot = index & mask.
//
// Elements are moved in and handed to the consumer by reference in their slot; the slot object
// is reused, so types such as std::string keep their capacity and a warmed-up ring of
// string-carrying events does not allocate per element.
//
// Batches. push_batch() publishes n elements with one release store, pop_batch() consumes up to
// n with one; that is what "moved in batches" means here: one cross-core index transfer per
// batch instead of per element.
#pragma once

#include <algorithm>
#include <atomic>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <new>
#include <utility>

#include "engine/base/assert.hpp"

namespace switchboard::runtime {

// 64 on x86-64 and most arm64 parts; std::hardware_destructive_interference_size is not stable
// across GCC versions (it warns when used in headers), so we name the value we mean.
inline constexpr std::size_t kCacheLine = 64;

template <typename T>
class SpscRing {
  public:
    static constexpr std::uint32_t kMaxCapacity = 1u << 30;

    // Precondition: 0 < capacity <= kMaxCapacity. The capacity is rounded up to a power of two.
    explicit SpscRing(std::uint32_t capacity)
        : mask_(std::bit_ceil(capacity) - 1), slots_(std::make_unique<T[]>(mask_ + 1)) {
        SB_ASSERT(capacity > 0);
        SB_ASSERT(capacity <= kMaxCapacity);
    }

    SpscRing(const SpscRing&) = delete;
    SpscRing& operator=(const SpscRing&) = delete;

    std::uint32_t capacity() const noexcept { return static_cast<std::uint32_t>(mask_ + 1); }

    // --- Producer thread ---

    // Moves `value` in and publishes it. Returns false, leaving `value` untouched, when full.
    bool try_push(T&& value) {
        const std::uint64_t tail = producer_.tail.load(std::memory_order_relaxed);
        if (!has_room(tail, 1)) return false;
        slots_[tail & mask_] = std::move(value);
        producer_.tail.store(tail + 1, std::memory_order_release);
        return true;
    }

    // Moves up to `count` elements from `first` in, publishing them together. Returns how many
    // were taken (a prefix of the input; 0 when full).
    template <typename It>
    std::size_t push_batch(It first, std::size_t count) {
        const std::uint64_t tail = producer_.tail.load(std::memory_order_relaxed);
        const std::size_t n = room(tail, count);
        // At most two contiguous runs (before and after the wrap), so that for trivially
        // copyable elements the moves become block copies.
        const std::size_t start = static_cast<std::size_t>(tail & mask_);
        const std::size_t first_run = std::min<std::size_t>(n, capacity() - start);
        const It mid = std::next(first, static_cast<std::ptrdiff_t>(first_run));
        std::move(first, mid, slots_.get() + start);
        std::move(mid, std::next(mid, static_cast<std::ptrdiff_t>(n - first_run)), slots_.get());
        if (n > 0) producer_.tail.store(tail + n, std::memory_order_release);
        return n;
    }

    // --- Consumer thread ---

    // Calls f(T&) for up to `max` elements in order, then releases their slots with one store.
    // `f` may move out of the element. Returns how many were consumed.
    template <typename F>
    std::size_t pop_batch(std::size_t max, F&& f) {
        const std::uint64_t head = consumer_.head.load(std::memory_order_relaxed);
        const std::size_t n = readable(head, max);
        const std::size_t start = static_cast<std::size_t>(head & mask_);
        const std::size_t first_run = std::min<std::size_t>(n, capacity() - start);
        T* const slots = slots_.get();
        for (std::size_t i = 0; i < first_run; ++i) f(slots[start + i]);
        for (std::size_t i = 0; i < n - first_run; ++i) f(slots[i]);
        if (n > 0) consumer_.head.store(head + n, std::memory_order_release);
        return n;
    }

    // Up to `max` readable elements by position, for a consumer that looks ahead within its
    // batch (the shard hints later events while applying earlier ones). Valid inside
    // consume_batch's callback only.
    class Batch {
      public:
        std::size_t size() const noexcept { return n_; }
        T& operator[](std::size_t i) const noexcept {
            SB_DEBUG_ASSERT(i < n_);
            return slots_[(start_ + i) & mask_];
        }

      private:
        friend class SpscRing;
        Batch(T* slots, std::uint64_t mask, std::uint64_t start, std::size_t n) noexcept
            : slots_(slots), mask_(mask), start_(start), n_(n) {}
        T* slots_;
        std::uint64_t mask_;
        std::uint64_t start_;
        std::size_t n_;
    };

    // Calls f(const Batch&) once with up to `max` elements, then releases all of them with one
    // store (also when the batch is empty, f is called). `f` may move out of the elements.
    // Returns how many were consumed.
    template <typename F>
    std::size_t consume_batch(std::size_t max, F&& f) {
        const std::uint64_t head = consumer_.head.load(std::memory_order_relaxed);
        const std::size_t n = readable(head, max);
        f(static_cast<const Batch&>(Batch(slots_.get(), mask_, head & mask_, n)));
        if (n > 0) consumer_.head.store(head + n, std::memory_order_release);
        return n;
    }

    // Pops one element into `out`. Returns false when empty.
    bool try_pop(T& out) {
        return pop_batch(1, [&out](T& v) { out = std::move(v); }) == 1;
    }

    // --- Either thread: a snapshot that may be stale by the time it is read ---
    std::size_t size_guess() const noexcept {
        const std::uint64_t head = consumer_.head.load(std::memory_order_acquire);
        const std::uint64_t tail = producer_.tail.load(std::memory_order_acquire);
        return tail >= head ? static_cast<std::size_t>(tail - head) : 0;
    }
    bool empty_guess() const noexcept { return size_guess() == 0; }

  private:
    // How many of `max` elements are readable from `head`, refreshing the cached tail only when
    // the cache shows fewer.
    std::size_t readable(std::uint64_t head, std::size_t max) {
        std::uint64_t available = consumer_.tail_cache - head;
        if (available < max) {
            consumer_.tail_cache = producer_.tail.load(std::memory_order_acquire);
            available = consumer_.tail_cache - head;
        }
        return available < max ? static_cast<std::size_t>(available) : max;
    }

    bool has_room(std::uint64_t tail, std::size_t want) { return room(tail, want) == want; }

    // How many of `want` elements fit, refreshing the cached head only when the cache says full.
    std::size_t room(std::uint64_t tail, std::size_t want) {
        const std::uint64_t cap = mask_ + 1;
        std::uint64_t free = cap - (tail - producer_.head_cache);
        if (free < want) {
            producer_.head_cache = consumer_.head.load(std::memory_order_acquire);
            free = cap - (tail - producer_.head_cache);
        }
        return free < want ? static_cast<std::size_t>(free) : want;
    }

    struct alignas(kCacheLine) ProducerSide {
        std::atomic<std::uint64_t> tail{0};
        std::uint64_t head_cache = 0;  // last head seen; only the producer touches it
    };
    struct alignas(kCacheLine) ConsumerSide {
        std::atomic<std::uint64_t> head{0};
        std::uint64_t tail_cache = 0;  // last tail seen; only the consumer touches it
    };

    ProducerSide producer_;
    ConsumerSide consumer_;
    alignas(kCacheLine) const std::uint64_t mask_;
    const std::unique_ptr<T[]> slots_;
};

}  // namespace switchboard::runtime
