// A table of T addressed by Handle<Tag>, with slot reuse. Freed slots go on a LIFO free list
// (hot in cache) and bump their generation, so handles to the old occupant stop resolving.
// Storage is a list of fixed-size pages: growing never moves existing entries (no multi-millisecond
// copy of a million records in the middle of an event, and references stay valid) and wastes at
// most one page. Capacity is bounded by the owner's configured limit; the table never shrinks.
// Each slot's bookkeeping (generation, and the free-list link that also marks a slot live) is 8
// bytes before the value, so checking a handle reads the cache line of the value's first fields.
// Behind a 336-byte agent record it was a line of its own, one more cache line per access at
// 100,000 agents (2.4 fewer simulated 2 MiB-cache misses per routing decision).
// Single-threaded: owned by one shard.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "engine/base/assert.hpp"
#include "engine/base/handle.hpp"

namespace switchboard::base {

template <typename T, typename Tag>
class SlotTable {
  public:
    using Id = Handle<Tag>;
    static constexpr std::uint32_t kPageBits = 12;
    static constexpr std::uint32_t kPageSlots = 1u << kPageBits;

    explicit SlotTable(std::uint32_t max_slots) : max_slots_(max_slots) {
        SB_ASSERT(max_slots < kLive);
    }

    std::uint32_t size() const noexcept { return live_; }
    std::uint32_t max_slots() const noexcept { return max_slots_; }
    // Number of slots ever allocated (live or free); indexes are < slot_count().
    std::uint32_t slot_count() const noexcept { return slot_count_; }

    // Returns nullopt when max_slots live entries already exist.
    std::optional<Id> insert(T value) {
        const std::optional<Id> id = insert_default();
        if (id) slot(id->index).value = std::move(value);
        return id;
    }

    // insert(T{}) without building and moving a T: a free slot already holds a value-initialized
    // T (pages are built so, and erase resets the value). For a caller that fills the record in
    // place through operator[].
    std::optional<Id> insert_default() {
        if (live_ == max_slots_) return std::nullopt;
        std::uint32_t index;
        if (free_head_ != Id::kNoIndex) {
            index = free_head_;
            free_head_ = slot(index).next_free;
        } else {
            index = slot_count_++;
            if ((index >> kPageBits) == pages_.size()) {
                pages_.push_back(std::make_unique<Slot[]>(kPageSlots));
            }
        }
        Slot& s = slot(index);
        SB_ASSERT(!s.live());
        s.next_free = kLive;
        ++live_;
        return Id{index, s.generation};
    }

    // Precondition: contains(id).
    void erase(Id id) {
        SB_ASSERT(contains(id));
        Slot& s = slot(id.index);
        s.value = T{};
        ++s.generation;
        s.next_free = free_head_;
        free_head_ = id.index;
        --live_;
    }

    bool contains(Id id) const noexcept {
        if (id.index >= slot_count_) return false;
        const Slot& s = slot(id.index);
        return s.live() && s.generation == id.generation;
    }

    T* find(Id id) noexcept { return contains(id) ? &slot(id.index).value : nullptr; }
    const T* find(Id id) const noexcept { return contains(id) ? &slot(id.index).value : nullptr; }

    // Precondition: contains(id).
    T& operator[](Id id) noexcept {
        SB_ASSERT(contains(id));
        return slot(id.index).value;
    }
    const T& operator[](Id id) const noexcept {
        SB_ASSERT(contains(id));
        return slot(id.index).value;
    }

    // A cache hint: starts loading the first `lines` cache lines of the slot `id` names, if that
    // slot exists (live or not: a hint never faults and changes nothing).
    void prefetch(Id id, unsigned lines) const noexcept {
        if (id.index >= slot_count_) return;
        const char* p = reinterpret_cast<const char*>(&slot(id.index));
        for (unsigned i = 0; i < lines; ++i) __builtin_prefetch(p + 64 * i);
    }

    // The live handle currently in slot `index`, if any. For iteration in index order.
    std::optional<Id> handle_at(std::uint32_t index) const noexcept {
        if (index >= slot_count_ || !slot(index).live()) return std::nullopt;
        return Id{index, slot(index).generation};
    }

    template <typename F>
    void for_each(F&& f) const {
        for (std::uint32_t i = 0; i < slot_count_; ++i) {
            const Slot& s = slot(i);
            if (s.live()) f(Id{i, s.generation}, s.value);
        }
    }

  private:
    // next_free of an occupied slot; a free one holds the next free index or kNoIndex.
    static constexpr std::uint32_t kLive = Id::kNoIndex - 1;

    struct Slot {
        std::uint32_t generation = 0;
        std::uint32_t next_free = Id::kNoIndex;
        T value{};

        bool live() const noexcept { return next_free == kLive; }
    };

    Slot& slot(std::uint32_t index) noexcept {
        return pages_[index >> kPageBits][index & (kPageSlots - 1)];
    }
    const Slot& slot(std::uint32_t index) const noexcept {
        return pages_[index >> kPageBits][index & (kPageSlots - 1)];
    }

    std::vector<std::unique_ptr<Slot[]>> pages_;
    std::uint32_t slot_count_ = 0;
    std::uint32_t free_head_ = Id::kNoIndex;
    std::uint32_t live_ = 0;
    std::uint32_t max_slots_;
};

}  // namespace switchboard::base
