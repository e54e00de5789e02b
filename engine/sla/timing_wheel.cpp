#include "engine/sla/timing_wheel.hpp"

#include <algorithm>
#include <bit>

namespace switchboard::sla {

namespace {

constexpr std::uint64_t kDigitMask = TimingWheel::kSlots - 1;

constexpr unsigned digit(std::uint64_t tick, unsigned level) noexcept {
    return static_cast<unsigned>((tick >> (level * TimingWheel::kLevelBits)) & kDigitMask);
}

// The level whose slot holds `deadline` seen from `now`: the highest 6-bit digit in which they
// differ (0 when equal). kLevels means "beyond the top level".
unsigned level_for(std::uint64_t deadline, std::uint64_t now) noexcept {
    const auto width = static_cast<unsigned>(std::bit_width((deadline ^ now) | 1));
    const unsigned level = (width - 1) / TimingWheel::kLevelBits;
    return level < TimingWheel::kLevels ? level : TimingWheel::kLevels;
}

// The start of the top-level block (64^kLevels ms) holding `tick`.
constexpr std::uint64_t top_block_start(std::uint64_t tick) noexcept {
    constexpr unsigned kTopShift = TimingWheel::kLevels * TimingWheel::kLevelBits;
    return tick >> kTopShift << kTopShift;
}

// Bits of `mask` at positions >= first (first < 64).
constexpr std::uint64_t from_bit(std::uint64_t mask, unsigned first) noexcept {
    return mask & (~std::uint64_t{0} << first);
}

}  // namespace

TimingWheel::TimingWheel(base::Time start, std::uint32_t max_timers)
    : origin_ms_(base::to_ms(start)), max_timers_(max_timers) {
    SB_ASSERT(max_timers > 0);
    SB_ASSERT(max_timers <= kMaxTimersLimit);
    // Default-initialised: no node is written, so no page is touched, until arm() needs it.
    nodes_.reset(new Node[max_timers]);
    in_place_after_ms_.fill(kNeverMs);
    for (unsigned level = 0; level < kLevels; ++level) refresh_level(level);
}

std::optional<TimerId> TimingWheel::arm(base::Time deadline, std::uint64_t cookie) {
    if (armed_ == max_timers_) return std::nullopt;
    std::uint32_t index = free_head_;
    if (index != kNil) {
        free_head_ = nodes_[index].next;
    } else {
        SB_ASSERT(nodes_used_ < max_timers_);
        index = nodes_used_++;
        nodes_[index] = Node{0, 0, kNil, kNil, 0, kFree};
    }
    Node& n = nodes_[index];
    SB_ASSERT(n.bucket == kFree);
    n.deadline = to_tick(deadline);
    n.cookie = cookie;
    ++armed_;
    place(index);
    return TimerId{index, n.generation};
}

bool TimingWheel::cancel(TimerId id) {
    if (!live(id)) return false;
    if (id.index == firing_) {
        firing_ = kNil;
    } else {
        unlink(id.index);
    }
    release(id.index);
    return true;
}

bool TimingWheel::rearm_slow(TimerId id, std::uint64_t tick) noexcept {
    if (!live(id)) return false;
    Node& n = nodes_[id.index];
    if (id.index == firing_) {
        firing_ = kNil;
    } else if (tick >= visit_tick(n.bucket)) {
        // In place, for what rearm()'s table leaves out: the overflow list, and a deadline before
        // now() clamped to now() in now()'s level-0 slot.
        n.deadline = tick;
        ++stats_.rearmed_in_place;
        return true;
    } else {
        unlink(id.index);
    }
    n.deadline = tick;
    place(id.index);
    return true;
}

std::optional<base::Time> TimingWheel::deadline_of(TimerId id) const noexcept {
    if (!live(id) || id.index == firing_) return std::nullopt;
    return to_time(nodes_[id.index].deadline);
}

std::optional<base::Time> TimingWheel::next_deadline_bound() const noexcept {
    const std::optional<Event> event = next_event(/*include_now=*/true);
    if (!event) return std::nullopt;
    return to_time(event->tick);
}

bool TimingWheel::live(TimerId id) const noexcept {
    if (id.index >= nodes_used_) return false;
    const Node& n = nodes_[id.index];
    return n.generation == id.generation && n.bucket != kFree;
}

base::Time TimingWheel::to_time(std::uint64_t tick) const noexcept {
    return base::time_from_ms(
        static_cast<std::int64_t>(static_cast<std::uint64_t>(origin_ms_) + tick));
}

void TimingWheel::place(std::uint32_t node) noexcept {
    const std::uint64_t deadline = nodes_[node].deadline;
    SB_ASSERT(deadline >= cur_);
    const unsigned level = level_for(deadline, cur_);
    if (level == kLevels) {
        overflow_min_ = std::min(overflow_min_, deadline);
        link_tail(kOverflowBucket, node);
        quiet_until_ = std::min(quiet_until_, top_block_start(overflow_min_));
        return;
    }
    const unsigned slot = digit(deadline, level);
    // Exact placement: above level 0 the slot starts strictly after now, so it is reached (and
    // cascaded) before any of its timers is due.
    SB_ASSERT(level == 0 || slot > digit(cur_, level));
    occupied_[level] |= std::uint64_t{1} << slot;
    link_tail(static_cast<std::uint16_t>(level * kSlots + slot), node);
    quiet_until_ = std::min(quiet_until_, slot_start(level, slot));
}

// When advance() reaches the bucket: the start of a slot of now()'s block on that level (a node's
// slot is always in that block), or of the top-level block of the earliest overflow deadline.
std::uint64_t TimingWheel::visit_tick(std::uint16_t bucket) const noexcept {
    SB_ASSERT(bucket <= kOverflowBucket);
    if (bucket == kOverflowBucket) return top_block_start(overflow_min_);
    return slot_start(bucket / kSlots, bucket % kSlots);
}

std::uint64_t TimingWheel::slot_start(unsigned level, unsigned slot) const noexcept {
    const unsigned shift = level * kLevelBits;
    return cur_ >> (shift + kLevelBits) << (shift + kLevelBits) | std::uint64_t{slot} << shift;
}

// The last ms m such that every ms after m is at or after `tick`, saturated: kNeverMs when no ms
// is (a slot beyond the engine's time range), and for tick 0 with the origin at the earliest ms,
// that ms itself (then only it takes rearm()'s slow path, which is still correct).
std::int64_t TimingWheel::last_ms_before(std::uint64_t tick) const noexcept {
    const auto origin = static_cast<std::uint64_t>(origin_ms_);
    if (tick == 0) return origin_ms_ == kEarliestMs ? kEarliestMs : origin_ms_ - 1;
    // origin + headroom is the last ms: exact in unsigned, as kNeverMs - origin_ms_ < 2^64.
    const std::uint64_t headroom = static_cast<std::uint64_t>(kNeverMs) - origin;
    if (tick - 1 > headroom) return kNeverMs;
    return static_cast<std::int64_t>(origin + (tick - 1));
}

// set_now() when now()'s 64 ms block moves: refreshes the in_place_after_ms_ entries of every level
// whose block time has left. Level L's block moves once per 64^(L+1) ms, so this costs 64 entries
// per 64 ms at most. Entries of slots behind now() are left as they were: those slots hold no node.
void TimingWheel::move_blocks(std::uint64_t tick) noexcept {
    SB_ASSERT(tick >= cur_);
    const std::uint64_t old = cur_;
    cur_ = tick;
    for (unsigned level = 0; level < kLevels; ++level) {
        const unsigned block_shift = (level + 1) * kLevelBits;
        if ((old >> block_shift) == (tick >> block_shift)) break;  // and so on every level above
        refresh_level(level);
    }
}

void TimingWheel::refresh_level(unsigned level) noexcept {
    for (unsigned slot = 0; slot < kSlots; ++slot) {
        in_place_after_ms_[level * kSlots + slot] = last_ms_before(slot_start(level, slot));
    }
}

void TimingWheel::link_tail(std::uint16_t bucket, std::uint32_t node) noexcept {
    Bucket& b = buckets_[bucket];
    Node& n = nodes_[node];
    n.bucket = bucket;
    n.next = kNil;
    n.prev = b.tail;
    if (b.tail == kNil) {
        b.head = node;
    } else {
        nodes_[b.tail].next = node;
    }
    b.tail = node;
}

void TimingWheel::unlink(std::uint32_t node) noexcept {
    Node& n = nodes_[node];
    SB_ASSERT(n.bucket <= kOverflowBucket);
    Bucket& b = buckets_[n.bucket];
    if (n.prev == kNil) {
        b.head = n.next;
    } else {
        nodes_[n.prev].next = n.next;
    }
    if (n.next == kNil) {
        b.tail = n.prev;
    } else {
        nodes_[n.next].prev = n.prev;
    }
    if (b.head != kNil) return;
    if (n.bucket == kOverflowBucket) {
        overflow_min_ = ~std::uint64_t{0};
    } else {
        occupied_[n.bucket / kSlots] &= ~(std::uint64_t{1} << (n.bucket % kSlots));
    }
}

void TimingWheel::release(std::uint32_t node) noexcept {
    Node& n = nodes_[node];
    SB_ASSERT(armed_ > 0);
    n.bucket = kFree;
    ++n.generation;
    n.next = free_head_;
    free_head_ = node;
    --armed_;
}

// The earliest slot that advance() must visit: level 0 first (its slots lie in now()'s 64 ms
// block, before any higher slot), then the first non-empty level above. Slots at level L >= 1 are
// always after now()'s digit there, because a slot is cascaded as soon as time reaches it.
std::optional<TimingWheel::Event> TimingWheel::next_event(bool include_now) const noexcept {
    const unsigned now0 = digit(cur_, 0);
    SB_ASSERT(from_bit(occupied_[0], now0) == occupied_[0]);
    const unsigned first0 = include_now ? now0 : now0 + 1;
    const std::uint64_t due0 = first0 < kSlots ? from_bit(occupied_[0], first0) : 0;
    if (due0 != 0) {
        return Event{(cur_ & ~kDigitMask) | static_cast<unsigned>(std::countr_zero(due0)), 0};
    }
    for (unsigned level = 1; level < kLevels; ++level) {
        const std::uint64_t occupied = occupied_[level];
        if (occupied == 0) continue;
        SB_ASSERT((occupied & ((std::uint64_t{2} << digit(cur_, level)) - 1)) == 0);
        const auto slot = static_cast<unsigned>(std::countr_zero(occupied));
        return Event{visit_tick(static_cast<std::uint16_t>(level * kSlots + slot)), level};
    }
    if (buckets_[kOverflowBucket].head == kNil) return std::nullopt;
    const std::uint64_t top_block = top_block_start(overflow_min_);
    SB_ASSERT(top_block > cur_);
    return Event{top_block, kLevels};
}

// Re-places every timer of the slot that time has just reached, by its exact deadline relative to
// the new now(): a lower level, or any level for a timer from the overflow list or one re-armed
// in place; a timer due exactly now lands in the level-0 slot advance() fires next.
// Never back into this slot (its start is now). The list is detached first because re-placing can
// append to the overflow list being walked.
void TimingWheel::cascade(unsigned level) noexcept {
    SB_ASSERT(level >= 1);
    SB_ASSERT(level <= kLevels);
    const auto bucket = static_cast<std::uint16_t>(
        level == kLevels ? kOverflowBucket : level * kSlots + digit(cur_, level));
    std::uint32_t node = buckets_[bucket].head;
    SB_ASSERT(node != kNil);
    buckets_[bucket] = Bucket{};
    if (level == kLevels) {
        overflow_min_ = ~std::uint64_t{0};
    } else {
        occupied_[level] &= ~(std::uint64_t{1} << digit(cur_, level));
    }
    while (node != kNil) {
        const std::uint32_t next = nodes_[node].next;
        place(node);
        ++stats_.cascaded;
        node = next;
    }
}

// Pops the level-0 slot of now() until a timer due now comes out; timers that rearm() moved
// in place are re-placed by their true deadline on the way.
std::uint32_t TimingWheel::begin_fire() noexcept {
    const unsigned slot = digit(cur_, 0);
    Bucket& b = buckets_[slot];
    while (b.head != kNil) {
        const std::uint32_t node = b.head;
        Node& n = nodes_[node];
        SB_ASSERT(n.deadline >= cur_);
        b.head = n.next;
        if (b.head == kNil) {
            b.tail = kNil;
            occupied_[0] &= ~(std::uint64_t{1} << slot);
        } else {
            nodes_[b.head].prev = kNil;
        }
        if (n.deadline != cur_) {
            place(node);  // lands in a later slot: this one is never appended to here
            ++stats_.cascaded;
            continue;
        }
        n.bucket = kFiring;
        firing_ = node;
        ++stats_.fired;
        return node;
    }
    return kNil;
}

void TimingWheel::end_fire() noexcept {
    if (firing_ == kNil) return;  // on_fire re-armed or cancelled it
    release(firing_);
    firing_ = kNil;
}

bool TimingWheel::step_to_next_event(std::uint64_t target) noexcept {
    if (target < quiet_until_) return false;
    const std::optional<Event> event = next_event(/*include_now=*/false);
    if (!event || event->tick > target) {
        quiet_until_ = event ? event->tick : ~std::uint64_t{0};
        return false;
    }
    set_now(event->tick);
    ++stats_.slots_visited;
    if (event->level > 0) cascade(event->level);
    return true;
}

}  // namespace switchboard::sla
