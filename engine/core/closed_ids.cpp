#include "engine/core/closed_ids.hpp"

#include <bit>

#include "engine/base/assert.hpp"
#include "engine/core/backward_shift.hpp"

namespace switchboard::core {

ClosedIds::ClosedIds(std::uint32_t capacity) : ring_(capacity) {
    if (capacity == 0) return;
    slots_.assign(std::bit_ceil(2 * std::uint64_t{capacity}), 0);
    mask_ = slots_.size() - 1;
}

void ClosedIds::remember(std::uint64_t print) {
    if (ring_.empty()) return;
    const std::uint64_t value = stored(print);
    const auto capacity = static_cast<std::uint32_t>(ring_.size());
    if (count_ == capacity) {
        erase_one(ring_[head_]);
        ring_[head_] = value;
        head_ = head_ + 1 == capacity ? 0 : head_ + 1;
    } else {
        const std::uint32_t at = head_ + count_;
        ring_[at >= capacity ? at - capacity : at] = value;
        ++count_;
    }
    insert(value);
}

bool ClosedIds::contains(std::uint64_t print) const noexcept {
    if (slots_.empty()) return false;
    const std::uint64_t value = stored(print);
    for (std::uint64_t i = value & mask_; slots_[i] != 0; i = (i + 1) & mask_) {
        if (slots_[i] == value) return true;
    }
    return false;
}

void ClosedIds::insert(std::uint64_t value) noexcept {
    std::uint64_t i = value & mask_;
    while (slots_[i] != 0) i = (i + 1) & mask_;
    slots_[i] = value;
}

void ClosedIds::erase_one(std::uint64_t value) noexcept {
    std::uint64_t hole = value & mask_;
    while (slots_[hole] != value) {
        SB_ASSERT(slots_[hole] != 0);  // every ring entry is in the multiset
        hole = (hole + 1) & mask_;
    }
    hole = shift_back(
        hole, mask_, [&](std::uint64_t k) { return slots_[k] != 0; },
        [&](std::uint64_t k) { return slots_[k] & mask_; },
        [&](std::uint64_t from, std::uint64_t to) { slots_[to] = slots_[from]; });
    slots_[hole] = 0;
}

}  // namespace switchboard::core
