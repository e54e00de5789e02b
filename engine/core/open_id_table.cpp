#include "engine/core/open_id_table.hpp"

#include <utility>

namespace switchboard::core {

void OpenIdTable::insert(std::uint64_t hash, model::ConversationId id) {
    SB_ASSERT(id.valid());
    if (2 * (std::uint64_t{size_} + 1) > entries_.size()) grow();
    std::uint64_t i = home(hash);
    while (entries_[i].id.valid()) {
        SB_ASSERT(entries_[i].id != id);
        i = (i + 1) & mask_;
    }
    entries_[i] = Entry{hash, id};
    ++size_;
}

void OpenIdTable::erase(std::uint64_t hash, model::ConversationId id) {
    SB_ASSERT(!entries_.empty());
    std::uint64_t hole = home(hash);
    while (entries_[hole].id != id) {
        SB_ASSERT(entries_[hole].id.valid());  // the precondition: it is in the table
        hole = (hole + 1) & mask_;
    }
    // Backward shift: an entry after the hole moves into it unless its home lies cyclically in
    // (hole, j], where a probe from its home would never pass the hole.
    for (std::uint64_t j = (hole + 1) & mask_; entries_[j].id.valid(); j = (j + 1) & mask_) {
        const std::uint64_t from_home = (j - home(entries_[j].hash)) & mask_;
        const std::uint64_t from_hole = (j - hole) & mask_;
        if (from_home >= from_hole) {
            entries_[hole] = entries_[j];
            hole = j;
        }
    }
    entries_[hole] = Entry{};
    --size_;
}

void OpenIdTable::grow() {
    std::vector<Entry> old = std::exchange(
        entries_, std::vector<Entry>(entries_.empty() ? kInitialSlots : 2 * entries_.size()));
    mask_ = entries_.size() - 1;
    for (const Entry& e : old) {
        if (!e.id.valid()) continue;
        std::uint64_t i = home(e.hash);
        while (entries_[i].id.valid()) i = (i + 1) & mask_;
        entries_[i] = e;
    }
}

}  // namespace switchboard::core
