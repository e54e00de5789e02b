// The three ways of keeping one reply deadline per conversation that timer_bench compares, behind
// one shape: n timers indexed 0..n-1, each armed once with arm(i, delay_ms) (cookie i), then
// moved with rearm(i, delay_ms), and finally expire_all() fires every one of them. Each contender
// stores what its owner must keep per timer (a TimerId, a version + cookie, or the Asio timer
// object itself), so a memory measurement covers the whole cost. Single-threaded.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <queue>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "engine/sla/timing_wheel.hpp"

namespace switchboard::bench {

// Where the deadlines lie relative to the wall clock, for the contender that reads one (Asio).
enum class Deadlines { kFuture, kPast };

class WheelTimers {
  public:
    WheelTimers(std::uint32_t n, Deadlines) : wheel_(kStart, n) { ids_.reserve(n); }

    void arm(std::uint32_t i, std::int64_t delay_ms) {
        ids_.push_back(wheel_.arm(kStart + base::Duration{delay_ms}, i).value());
    }
    void rearm(std::uint32_t i, std::int64_t delay_ms) {
        if (!wheel_.rearm(ids_[i], kStart + base::Duration{delay_ms})) std::abort();
    }
    void settle() {}
    std::uint64_t rearmed_in_place() const { return wheel_.stats().rearmed_in_place; }
    // Ticks every millisecond, as a 1 ms runtime would, until span_ms.
    std::uint64_t expire_all(std::int64_t span_ms) {
        std::uint64_t sum = 0;
        for (std::int64_t t = 1; t <= span_ms; ++t) {
            wheel_.advance(kStart + base::Duration{t},
                           [&](sla::TimerId, std::uint64_t cookie, base::Time) { sum += cookie; });
        }
        return sum;
    }

  private:
    static constexpr base::Time kStart = base::time_from_ms(0);
    sla::TimingWheel wheel_;
    std::vector<sla::TimerId> ids_;
};

// std::priority_queue with lazy deletion: rearm pushes a new entry with a bumped version and
// leaves the old one in the heap; a popped entry whose version is not current is skipped. When
// the heap holds more than 2n entries it is compacted (stale entries erased, heap rebuilt), O(n)
// every >= n rearms, so memory stays bounded by 2n entries at O(1) amortised extra cost.
class HeapTimers {
  public:
    HeapTimers(std::uint32_t n, Deadlines) : n_(n) { slots_.reserve(n); }

    void arm(std::uint32_t i, std::int64_t delay_ms) {
        slots_.push_back(Slot{i, 0});
        queue_.push(Entry{delay_ms, i, 0});
    }
    void rearm(std::uint32_t i, std::int64_t delay_ms) {
        queue_.push(Entry{delay_ms, i, ++slots_[i].version});
        if (queue_.size() > 2 * std::size_t{n_}) {
            queue_.compact([this](const Entry& e) { return e.version != slots_[e.id].version; });
        }
    }
    void settle() {}
    std::uint64_t expire_all(std::int64_t span_ms) {
        std::uint64_t sum = 0;
        for (std::int64_t t = 1; t <= span_ms; ++t) {
            while (!queue_.empty() && queue_.top().deadline_ms <= t) {
                const Entry e = queue_.top();
                queue_.pop();
                Slot& slot = slots_[e.id];
                if (e.version != slot.version) continue;
                ++slot.version;
                sum += slot.cookie;
            }
        }
        return sum;
    }

  private:
    struct Entry {
        std::int64_t deadline_ms;
        std::uint32_t id;
        std::uint32_t version;
    };
    struct Later {
        bool operator()(const Entry& a, const Entry& b) const noexcept {
            return a.deadline_ms > b.deadline_ms;
        }
    };
    // A std::priority_queue whose container can be compacted in place.
    struct Queue : std::priority_queue<Entry, std::vector<Entry>, Later> {
        template <typename Stale>
        void compact(Stale stale) {
            std::erase_if(c, stale);
            std::make_heap(c.begin(), c.end(), comp);
        }
    };
    struct Slot {
        std::uint64_t cookie;
        std::uint32_t version;
    };

    std::uint32_t n_;
    std::vector<Slot> slots_;
    Queue queue_;
};

// One boost::asio::steady_timer per conversation. Moving a deadline with expires_at() cancels the
// pending wait, which queues its handler with operation_aborted; poll() runs those queued handlers
// every kPollEvery rearms (its cost is counted), as a real io_context thread would.
class AsioTimers {
  public:
    static constexpr std::uint32_t kPollEvery = 1024;

    AsioTimers(std::uint32_t n, Deadlines deadlines)
        : io_(1),
          base_(std::chrono::steady_clock::now() +
                (deadlines == Deadlines::kPast ? -std::chrono::hours(1) : std::chrono::hours(24))) {
        timers_.reserve(n);
    }

    void arm(std::uint32_t i, std::int64_t delay_ms) {
        timers_.emplace_back(io_);
        start_wait(i, delay_ms);
    }
    void rearm(std::uint32_t i, std::int64_t delay_ms) {
        start_wait(i, delay_ms);
        if (++since_poll_ == kPollEvery) settle();
    }
    void settle() {
        io_.poll();
        since_poll_ = 0;
    }
    // Every deadline is already in the past: run() pops every timer from Asio's heap and runs its
    // handler, so this measures dispatch, not waiting.
    std::uint64_t expire_all(std::int64_t) {
        io_.run();
        return sum_;
    }

  private:
    void start_wait(std::uint32_t i, std::int64_t delay_ms) {
        boost::asio::steady_timer& timer = timers_[i];
        timer.expires_at(base_ + std::chrono::milliseconds(delay_ms));
        timer.async_wait([this, i](const boost::system::error_code& error) {
            if (!error) sum_ += i;
        });
    }

    boost::asio::io_context io_;  // declared first: destroyed after the timers
    std::chrono::steady_clock::time_point base_;
    std::vector<boost::asio::steady_timer> timers_;
    std::uint32_t since_poll_ = 0;
    std::uint64_t sum_ = 0;
};

}  // namespace switchboard::bench
