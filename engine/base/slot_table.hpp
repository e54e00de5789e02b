// A flat table of T addressed by Handle<Tag>, with slot reuse. Freed slots go on a LIFO free list
// (hot in cache) and bump their generation, so handles to the old occupant stop resolving.
// Capacity is bounded by the owner's configured limit; the table itself never shrinks.
// Single-threaded: owned by one shard.
#pragma once

#include <cstdint>
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

    explicit SlotTable(std::uint32_t max_slots) : max_slots_(max_slots) {}

    std::uint32_t size() const noexcept { return live_; }
    std::uint32_t max_slots() const noexcept { return max_slots_; }
    // Number of slots ever allocated (live or free); indexes are < slot_count().
    std::uint32_t slot_count() const noexcept { return static_cast<std::uint32_t>(slots_.size()); }

    // Returns nullopt when max_slots live entries already exist.
    std::optional<Id> insert(T value) {
        if (live_ == max_slots_) return std::nullopt;
        std::uint32_t index;
        if (free_head_ != Id::kNoIndex) {
            index = free_head_;
            Slot& slot = slots_[index];
            free_head_ = slot.next_free;
            slot.value = std::move(value);
        } else {
            index = static_cast<std::uint32_t>(slots_.size());
            slots_.push_back(Slot{std::move(value), 0, Id::kNoIndex, false});
        }
        Slot& slot = slots_[index];
        SB_ASSERT(!slot.live);
        slot.live = true;
        ++live_;
        return Id{index, slot.generation};
    }

    // Precondition: contains(id).
    void erase(Id id) {
        SB_ASSERT(contains(id));
        Slot& slot = slots_[id.index];
        slot.live = false;
        slot.value = T{};
        ++slot.generation;
        slot.next_free = free_head_;
        free_head_ = id.index;
        --live_;
    }

    bool contains(Id id) const noexcept {
        return id.index < slots_.size() && slots_[id.index].live &&
               slots_[id.index].generation == id.generation;
    }

    T* find(Id id) noexcept { return contains(id) ? &slots_[id.index].value : nullptr; }
    const T* find(Id id) const noexcept { return contains(id) ? &slots_[id.index].value : nullptr; }

    // Precondition: contains(id).
    T& operator[](Id id) noexcept {
        SB_ASSERT(contains(id));
        return slots_[id.index].value;
    }
    const T& operator[](Id id) const noexcept {
        SB_ASSERT(contains(id));
        return slots_[id.index].value;
    }

    // The live handle currently in slot `index`, if any. For iteration in index order.
    std::optional<Id> handle_at(std::uint32_t index) const noexcept {
        if (index >= slots_.size() || !slots_[index].live) return std::nullopt;
        return Id{index, slots_[index].generation};
    }

    template <typename F>
    void for_each(F&& f) const {
        for (std::uint32_t i = 0; i < slots_.size(); ++i) {
            if (slots_[i].live) f(Id{i, slots_[i].generation}, slots_[i].value);
        }
    }

  private:
    struct Slot {
        T value;
        std::uint32_t generation;
        std::uint32_t next_free;
        bool live;
    };

    std::vector<Slot> slots_;
    std::uint32_t free_head_ = Id::kNoIndex;
    std::uint32_t live_ = 0;
    std::uint32_t max_slots_;
};

}  // namespace switchboard::base
