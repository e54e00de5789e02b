// The shard's timer set: every SLA deadline of a shard (reply deadlines, 70% warnings, queue waits,
// widening steps) is one timer in one hierarchical timing wheel (DESIGN.md §4). Owned by the
// shard and called only from the shard thread; time moves only when the shard calls advance()
// with the injected `now`. Never one OS or Asio timer per conversation.
//
// Layout. Timers live in a flat pool of 32-byte nodes addressed by TimerId (index + generation,
// so a fired or cancelled id is detected as stale). The wheel has kLevels levels of kSlots slots;
// a slot of level L spans 64^L ms. Each slot is an intrusive doubly linked FIFO of 32-bit node
// indexes, and each level keeps a 64-bit occupancy bitmap, so the next non-empty slot is one
// count-trailing-zeros away and advance() over an idle gap costs O(kLevels) per non-empty slot,
// never O(gap in ms).
//
// Placement is exact. A timer due at d is placed on the level of the highest 6-bit digit in which
// d differs from now(), in the slot of d's digit there. When time reaches a slot's start its
// timers are re-placed (cascaded) by their exact deadline relative to the new now(), until they
// reach a level-0 slot, which spans one millisecond: a timer never fires before its deadline and,
// with advance() called every tick, never more than one tick after it. Deadlines 64^6 ms
// (~2.2 years) or more ahead wait in an unsorted overflow list, re-placed when time reaches the
// top-level block of the earliest of them.
//
// Re-arming is lazy where it can be. A node only has to sit in a slot that advance() visits at or
// before its deadline, so rearm() to any deadline at or after the start of the node's slot (every
// postponement, e.g. a reply pushing the next deadline out) just rewrites the deadline, and the
// visit re-places the node by its true deadline. At a million timers that touches one cache line
// instead of four (the node, both list neighbours, the new slot's tail). The test is inline and
// reads only the node and a per-slot table of bounds (see rearm() below).
//
// Costs: arm, cancel and rearm are O(1) and never allocate: the constructor reserves the whole
// pool (max_timers nodes; the OS backs its pages as the high-water mark grows). A timer is
// re-placed at most kLevels times (plus once per overflow pass) before it fires, plus at most
// kLevels times per in-place rearm.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <utility>

#include "engine/base/assert.hpp"
#include "engine/base/handle.hpp"
#include "engine/base/time.hpp"
#include "engine/base/timer_id.hpp"

namespace switchboard::sla {

using TimerId = base::TimerId;

// Work done by the wheel, for metrics and for tests that bound the cost of an idle gap.
struct WheelStats {
    std::uint64_t fired = 0;          // on_fire calls
    std::uint64_t cascaded = 0;       // timers re-placed from a higher level or the overflow list
    std::uint64_t slots_visited = 0;  // non-empty slots advance() jumped to (fire or cascade)
    std::uint64_t rearmed_in_place = 0;  // rearm() calls that only rewrote the deadline
};

class TimingWheel {
  public:
    static constexpr unsigned kLevelBits = 6;
    static constexpr unsigned kSlots = 1u << kLevelBits;
    static constexpr unsigned kLevels = 6;
    // The node index kNoIndex is the list terminator, so the pool holds fewer nodes than that.
    static constexpr std::uint32_t kMaxTimersLimit = TimerId::kNoIndex - 1;

    // Preconditions: 0 < max_timers <= kMaxTimersLimit. Reserves max_timers pool nodes
    // (node_bytes() each) up front: this is the wheel's only allocation. now() == start.
    TimingWheel(base::Time start, std::uint32_t max_timers);

    TimingWheel(const TimingWheel&) = delete;
    TimingWheel& operator=(const TimingWheel&) = delete;

    // Arms a timer that fires once at `deadline`, handing `cookie` back to on_fire. A deadline at
    // or before now() is due now: it fires on the next advance(), reported with deadline now().
    // Returns nullopt, changing nothing, when armed() == max_timers().
    std::optional<TimerId> arm(base::Time deadline, std::uint64_t cookie);

    // Disarms the timer. Returns false, changing nothing, if `id` is stale (fired, cancelled or
    // never issued). Inside its own on_fire call a timer's id is still live: cancelling it there
    // just frees it early. Postcondition on true: `id` is stale.
    bool cancel(TimerId id);

    // Moves the timer to a new deadline (clamped to now() like arm), keeping its id and cookie.
    // Returns false, changing nothing, if `id` is stale. Inside its own on_fire call this re-arms
    // the fired timer: that is the way to make a periodic timer. Never fails for lack of room.
    bool rearm(TimerId id, base::Time deadline);

    // Moves time to `now`, calling on_fire(TimerId, std::uint64_t cookie, base::Time deadline)
    // once for every timer due at or before `now`, in non-decreasing deadline order. Timers due
    // in the same millisecond fire in an order fixed by the sequence of calls made (the same calls
    // give the same order, so replay is exact): the order of their last arm or rearm, except that
    // a timer re-armed in place (see above) takes its turn from when its slot was visited.
    // on_fire may arm, cancel and rearm any timer; a timer it makes due at or before `now` fires
    // in this same call, still in order. During on_fire, now() is the firing deadline and the
    // firing timer still counts in armed(); when on_fire returns its id becomes stale unless
    // on_fire re-armed it. A callback that keeps re-arming at or before now() never returns.
    // Preconditions: now >= now(); not called from inside on_fire; on_fire does not throw.
    // Postcondition: now() == now; no armed timer is due at or before now.
    template <typename F>
    void advance(base::Time now, F&& on_fire);

    base::Time now() const noexcept { return to_time(cur_); }
    // Timers holding a live id: the armed ones plus, during on_fire, the one firing.
    std::uint32_t armed() const noexcept { return armed_; }
    // A cache hint: starts loading the node of `id` (stale or invalid ids are ignored).
    void prefetch(TimerId id) const noexcept {
        if (id.index < nodes_used_) __builtin_prefetch(&nodes_[id.index]);
    }
    std::uint32_t max_timers() const noexcept { return max_timers_; }
    // The deadline of an armed timer; nullopt if `id` is stale or is the one firing.
    std::optional<base::Time> deadline_of(TimerId id) const noexcept;
    // A time <= the earliest armed deadline and >= now(), for a runtime deciding how long it may
    // sleep; nullopt when nothing is armed. It is the start of the first non-empty slot: exact
    // for a timer in now()'s 64 ms block that was not re-armed in place; otherwise advancing to
    // it may fire nothing but re-places timers, and the next bound is closer.
    std::optional<base::Time> next_deadline_bound() const noexcept;
    const WheelStats& stats() const noexcept { return stats_; }
    static constexpr std::size_t node_bytes() noexcept;

  private:
    static constexpr std::uint32_t kNil = TimerId::kNoIndex;
    static constexpr std::uint16_t kOverflowBucket = kLevels * kSlots;
    static constexpr std::uint16_t kFiring = kOverflowBucket + 1;
    static constexpr std::uint16_t kFree = kOverflowBucket + 2;
    static constexpr std::int64_t kEarliestMs = std::numeric_limits<std::int64_t>::min();
    static constexpr std::int64_t kNeverMs = std::numeric_limits<std::int64_t>::max();

    // Ticks are ms since `start`, unsigned so that digits are plain shifts and masks.
    // Invariant: an armed node sits in a bucket whose visit_tick() is <= its deadline (for
    // levels >= 1 also > now(): a slot is cascaded as soon as time reaches it).
    struct Node {
        std::uint64_t deadline;  // tick, exact; >= the visit tick of the node's bucket
        std::uint64_t cookie;
        std::uint32_t next;  // slot-list successor, or free-list successor when kFree
        std::uint32_t prev;
        std::uint32_t generation;  // bumped on free: ids of earlier occupants go stale (wraps
                                   // after 2^32 reuses of one slot)
        std::uint16_t bucket;      // level * kSlots + slot, kOverflowBucket, kFiring or kFree
    };
    static_assert(sizeof(Node) <= 32, "a timer node must fit half a cache line");

    struct Bucket {
        std::uint32_t head = kNil;
        std::uint32_t tail = kNil;
    };

    struct Event {
        std::uint64_t tick;
        unsigned level;  // 0: fire level-0 slot; 1..kLevels-1: cascade; kLevels: overflow
    };

    bool live(TimerId id) const noexcept;
    std::uint64_t to_tick(base::Time t) const noexcept;
    std::uint64_t visit_tick(std::uint16_t bucket) const noexcept;
    std::uint64_t slot_start(unsigned level, unsigned slot) const noexcept;
    std::int64_t last_ms_before(std::uint64_t tick) const noexcept;
    void set_now(std::uint64_t tick) noexcept;
    void move_blocks(std::uint64_t tick) noexcept;
    void refresh_level(unsigned level) noexcept;
    bool rearm_slow(TimerId id, std::uint64_t tick) noexcept;
    base::Time to_time(std::uint64_t tick) const noexcept;
    void place(std::uint32_t node) noexcept;
    void link_tail(std::uint16_t bucket, std::uint32_t node) noexcept;
    void unlink(std::uint32_t node) noexcept;
    void release(std::uint32_t node) noexcept;
    std::optional<Event> next_event(bool include_now) const noexcept;
    void cascade(unsigned level) noexcept;
    // The advance() loop, split so that only the callback call is a template.
    std::uint32_t begin_fire() noexcept;
    void end_fire() noexcept;
    bool step_to_next_event(std::uint64_t target) noexcept;

    // max_timers_ nodes, left uninitialised (so untouched pages stay unbacked) beyond the first
    // nodes_used_, the pool's high-water mark.
    std::unique_ptr<Node[]> nodes_;
    std::uint32_t nodes_used_ = 0;
    std::array<Bucket, kLevels * kSlots + 1> buckets_{};
    std::array<std::uint64_t, kLevels> occupied_{};  // bit s of [L]: slot s of level L non-empty
    // Per bucket, the engine ms after which a deadline can be re-armed in place: for a wheel slot
    // last_ms_before(its start in now()'s block on its level), which set_now() keeps; kNeverMs
    // for the overflow list and the firing and free states. An occupied slot starts at or after
    // now(), so a deadline after its entry needs no clamping: rearm() decides from the node, this
    // table and the caller's ms alone.
    std::array<std::int64_t, kFree + 1> in_place_after_ms_{};
    std::int64_t origin_ms_;
    std::uint64_t cur_ = 0;  // now() as a tick
    // The overflow list is visited at the start of this tick's top-level block, which is at or
    // before every overflow deadline; ~0 when the list is empty.
    std::uint64_t overflow_min_ = ~0ull;
    // No fire or cascade is due at a tick after now() and before this one: the tick of the next
    // event as last computed, lowered by every place() that may make an earlier one (cancels only
    // make events later, so it stays a valid bound). advance() to a time before it visits no
    // slot: with many events per ms, or timers far apart, most advances skip next_event().
    std::uint64_t quiet_until_ = 0;
    std::uint32_t free_head_ = kNil;
    std::uint32_t armed_ = 0;
    std::uint32_t max_timers_;
    std::uint32_t firing_ = kNil;  // the node whose on_fire runs, until it re-arms or cancels
    bool in_advance_ = false;
    WheelStats stats_;
};

constexpr std::size_t TimingWheel::node_bytes() noexcept { return sizeof(Node); }

// Inline because at a million timers rearm() waits on two cache misses (the caller's handle, then
// the node) and the CPU can only overlap the misses of the calls that fit in its reorder window:
// the fewer instructions per call, the more calls in flight. The common case, a live node in a
// wheel slot visited at or before the new deadline, is decided from the node, one entry of a small
// table and the caller's ms; everything else (stale ids, the firing timer, the overflow list, a
// deadline before the slot's start or before now()) goes to rearm_slow().
inline bool TimingWheel::rearm(TimerId id, base::Time deadline) {
    const std::int64_t ms = base::to_ms(deadline);
    if (id.index < nodes_used_) {
        Node& n = nodes_[id.index];
        if (n.generation == id.generation && ms > in_place_after_ms_[n.bucket]) {
            // Exact and not before now(): ms is after a time at or after both origin and now.
            n.deadline = static_cast<std::uint64_t>(ms) - static_cast<std::uint64_t>(origin_ms_);
            ++stats_.rearmed_in_place;
            return true;
        }
    }
    return rearm_slow(id, to_tick(deadline));
}

inline std::uint64_t TimingWheel::to_tick(base::Time t) const noexcept {
    const std::int64_t ms = base::to_ms(t);
    if (ms < origin_ms_) return cur_;
    // Unsigned subtraction is exact here: ms >= origin_ms_, so the difference is in [0, 2^64).
    const std::uint64_t tick =
        static_cast<std::uint64_t>(ms) - static_cast<std::uint64_t>(origin_ms_);
    return tick < cur_ ? cur_ : tick;
}

// Moves now() to `tick` (>= now()). Inline for advance() every ms: in_place_after_ms_ only
// changes when now()'s 64 ms block does.
inline void TimingWheel::set_now(std::uint64_t tick) noexcept {
    if ((tick ^ cur_) >> kLevelBits != 0) {
        move_blocks(tick);
        return;
    }
    SB_ASSERT(tick >= cur_);
    cur_ = tick;
}

template <typename F>
void TimingWheel::advance(base::Time now, F&& on_fire) {
    SB_ASSERT(!in_advance_);
    SB_ASSERT(now >= this->now());
    const std::uint64_t target = to_tick(now);
    in_advance_ = true;
    do {
        for (std::uint32_t node = begin_fire(); node != kNil; node = begin_fire()) {
            const Node& n = nodes_[node];
            on_fire(TimerId{node, n.generation}, n.cookie, to_time(n.deadline));
            end_fire();
        }
    } while (step_to_next_event(target));
    set_now(target);
    in_advance_ = false;
}

}  // namespace switchboard::sla
