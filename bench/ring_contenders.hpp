// The queues the ring benchmark compares (issue: runtime, item 9), each behind the same two
// calls: push up to n events (returns how many fit), pop up to n (returns how many came). All are
// bounded to the same capacity. Only ours and Boost's are single-producer/single-consumer; the
// others are the multi-producer queues a router might otherwise reach for.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>

#include <boost/lockfree/spsc_queue.hpp>
#include <concurrentqueue/concurrentqueue.h>
#include <tbb/concurrent_queue.h>

#include "engine/runtime/spsc_ring.hpp"

namespace switchboard::bench {

// A routed event's size on the ring: 64 bytes, one cache line, and aligned to one, so that no
// contender's event straddles two lines (an 8-byte-aligned array starts mid-line).
struct alignas(64) Event64 {
    std::uint64_t words[8];
};
static_assert(sizeof(Event64) == 64);

class OurRing {
  public:
    explicit OurRing(std::uint32_t capacity) : ring_(capacity) {}
    std::size_t push(const Event64* e, std::size_t n) { return ring_.push_batch(e, n); }
    std::size_t pop(Event64* out, std::size_t n) {
        return ring_.pop_batch(n, [&out](const Event64& e) { *out++ = e; });
    }

  private:
    runtime::SpscRing<Event64> ring_;
};

class BoostSpsc {
  public:
    explicit BoostSpsc(std::uint32_t capacity) : q_(capacity) {}
    std::size_t push(const Event64* e, std::size_t n) { return q_.push(e, n); }
    std::size_t pop(Event64* out, std::size_t n) { return q_.pop(out, n); }

  private:
    boost::lockfree::spsc_queue<Event64> q_;
};

class Moodycamel {
  public:
    explicit Moodycamel(std::uint32_t capacity)
        : capacity_(capacity), q_(capacity), producer_(q_), consumer_(q_) {}
    std::size_t push(const Event64* e, std::size_t n) {
        // Unbounded by design; bounded here like the others by its approximate size (its
        // try_enqueue variants can refuse forever when blocks are held by another producer slot).
        if (q_.size_approx() + n > capacity_) return 0;
        return q_.enqueue_bulk(producer_, e, n) ? n : 0;
    }
    std::size_t pop(Event64* out, std::size_t n) { return q_.try_dequeue_bulk(consumer_, out, n); }

  private:
    std::size_t capacity_;
    moodycamel::ConcurrentQueue<Event64> q_;
    moodycamel::ProducerToken producer_;
    moodycamel::ConsumerToken consumer_;
};

// TBB's bounded queue has no bulk calls: a batch is a loop of single operations.
class TbbBounded {
  public:
    explicit TbbBounded(std::uint32_t capacity) { q_.set_capacity(capacity); }
    std::size_t push(const Event64* e, std::size_t n) {
        std::size_t i = 0;
        while (i < n && q_.try_push(e[i])) ++i;
        return i;
    }
    std::size_t pop(Event64* out, std::size_t n) {
        std::size_t i = 0;
        while (i < n && q_.try_pop(out[i])) ++i;
        return i;
    }

  private:
    tbb::concurrent_bounded_queue<Event64> q_;
};

// std::mutex + std::deque, locked once per call (so once per batch when batched).
class MutexDeque {
  public:
    explicit MutexDeque(std::uint32_t capacity) : capacity_(capacity) {}
    std::size_t push(const Event64* e, std::size_t n) {
        const std::lock_guard lock(mutex_);
        std::size_t i = 0;
        for (; i < n && q_.size() < capacity_; ++i) q_.push_back(e[i]);
        return i;
    }
    std::size_t pop(Event64* out, std::size_t n) {
        const std::lock_guard lock(mutex_);
        std::size_t i = 0;
        for (; i < n && !q_.empty(); ++i) {
            out[i] = q_.front();
            q_.pop_front();
        }
        return i;
    }

  private:
    std::size_t capacity_;
    std::mutex mutex_;
    std::deque<Event64> q_;
};

}  // namespace switchboard::bench
