#include "engine/core/open_id_table.hpp"

#include <algorithm>
#include <cstdlib>
#include <new>
#include <utility>

#include "engine/core/backward_shift.hpp"

namespace switchboard::core {

OpenIdTable::Slots::Slots(std::uint64_t count)
    : data_(static_cast<Entry*>(std::calloc(count, sizeof(Entry)))), count_(count) {
    if (data_ == nullptr) throw std::bad_alloc();  // as std::vector would
}

void OpenIdTable::place(Entry e) noexcept {
    std::uint64_t i = home(e.hash, mask_);
    while (entries_[i].id().valid()) {
        SB_ASSERT(entries_[i].id() != e.id());
        i = (i + 1) & mask_;
    }
    entries_[i] = e;
}

void OpenIdTable::insert(std::uint64_t hash, model::ConversationId id) {
    SB_ASSERT(id.valid());
    migrate_some();
    if (2 * (std::uint64_t{size_} + 1) > entries_.size()) grow();
    place(Entry::of(hash, id));
    ++size_;
}

void OpenIdTable::erase(std::uint64_t hash, model::ConversationId id) {
    migrate_some();
    if (!erase_live(hash, id)) {
        // Not moved yet: it is in the draining table, where a marker keeps the probe runs whole.
        SB_ASSERT(growing());
        const std::uint64_t mask = draining_.size() - 1;
        std::uint64_t i = home(hash, mask);
        while (draining_[i].id() != id) {
            SB_ASSERT(draining_[i].id().valid() || draining_[i].hash == kMoved);  // precondition
            i = (i + 1) & mask;
        }
        draining_[i] = Entry::moved();
    }
    --size_;
}

bool OpenIdTable::erase_live(std::uint64_t hash, model::ConversationId id) noexcept {
    if (entries_.empty()) return false;
    std::uint64_t hole = home(hash, mask_);
    while (entries_[hole].id() != id) {
        if (!entries_[hole].id().valid()) return false;
        hole = (hole + 1) & mask_;
    }
    hole = shift_back(
        hole, mask_, [&](std::uint64_t k) { return entries_[k].id().valid(); },
        [&](std::uint64_t k) { return home(entries_[k].hash, mask_); },
        [&](std::uint64_t from, std::uint64_t to) { entries_[to] = entries_[from]; });
    entries_[hole] = Entry{};
    return true;
}

void OpenIdTable::grow() {
    // Growths never overlap (kMigrateSlots); should one ever be due while draining, finishing
    // the move first keeps every entry in one of exactly two tables.
    while (growing()) migrate_some();
    draining_ =
        std::exchange(entries_, Slots(entries_.empty() ? kInitialSlots : 2 * entries_.size()));
    mask_ = entries_.size() - 1;
    cursor_ = 0;
}

void OpenIdTable::migrate_some() noexcept {
    if (!growing()) return;
    const std::uint64_t end = std::min<std::uint64_t>(cursor_ + kMigrateSlots, draining_.size());
    for (; cursor_ < end; ++cursor_) {
        Entry& e = draining_[cursor_];
        if (!e.id().valid()) continue;
        place(e);
        e = Entry::moved();
    }
    if (cursor_ == draining_.size()) draining_ = Slots{};
}

}  // namespace switchboard::core
