// Drives Shard::hint / follow over a stream of events (shard.hpp): the shard's software pipeline.
// Before applying event i the caller calls advance(&event i+kDepth), or advance(nullptr) past the
// end of what it holds; the window follows each pending hint one stage and hints the new event.
// So every event is hinted kDepth events before its apply() and followed at each event between.
// A batch starts with prime(), which advances over its first kDepth events; before_apply() is
// advance() with the batch's own look-ahead:
//
//     window.prime(shard, n, event_at);
//     for (i = 0; i < n; ++i) {
//         window.before_apply(shard, i, n, event_at);
//         shard.apply(event_at(i), now, sink);
//     }
//
// Depth 3 matches the chain of dependent loads hints follow (table, record, agent); routing_bench
// measured depth 3 ahead of 4 at 100,000 agents. Shard thread only.
#pragma once

#include <array>
#include <cstddef>

#include "engine/core/shard.hpp"

namespace switchboard::core {

class HintWindow {
  public:
    static constexpr std::size_t kDepth = 3;

    void advance(const Shard& shard, const Event* ahead) noexcept {
        for (std::size_t back = 1; back < kDepth; ++back) {
            shard.follow(hints_[(next_ + kDepth - back) % kDepth]);
        }
        hints_[next_] = ahead != nullptr ? shard.hint(*ahead) : Shard::Hint{};
        next_ = (next_ + 1) % kDepth;
    }

    // Forgets the hints of an earlier batch and hints the first kDepth events of this one (all
    // `count` of them when fewer). `event_at(i)` is the batch's i-th event.
    template <typename EventAt>
    void prime(const Shard& shard, std::size_t count, EventAt&& event_at) noexcept {
        hints_ = {};
        for (std::size_t i = 0; i < kDepth; ++i) advance(shard, i < count ? &event_at(i) : nullptr);
    }

    // advance() before applying event i of a batch of `count` that prime() started.
    template <typename EventAt>
    void before_apply(const Shard& shard, std::size_t i, std::size_t count,
                      EventAt&& event_at) noexcept {
        advance(shard, i + kDepth < count ? &event_at(i + kDepth) : nullptr);
    }

  private:
    std::array<Shard::Hint, kDepth> hints_{};
    std::size_t next_ = 0;
};

}  // namespace switchboard::core
