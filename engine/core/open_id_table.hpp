// The open conversations of one tenant, by the hash of their gateway id: a flat open-addressing
// table of 16-byte {hash, handle} entries (linear probing; erase shifts the following entries
// back, so there are no tombstones and probe runs stay short under endless open/close churn).
// It stores no keys: the caller confirms a hash match against the name in the conversation's
// own record, which it is about to touch anyway. So a lookup costs one cache miss (the entry's
// line) where the node-based map it replaces cost two or three (bucket, node, and on insert
// and erase the neighbouring node), and the table holds 16 bytes per slot at most 1/2 full
// instead of a 64-byte node plus a bucket pointer per id.
// Growth doubles the table and re-inserts every entry in one event: O(n), like the rehash of the
// map before it, but over a contiguous array. Iteration order is never exposed, and the layout is
// a pure function of the calls made, so the shard stays deterministic. Shard thread only.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "engine/base/assert.hpp"
#include "engine/model/agent.hpp"

namespace switchboard::core {

class OpenIdTable {
  public:
    std::uint32_t size() const noexcept { return size_; }

    // The handle stored under `hash` for which `same(handle)` is true (the caller compares the
    // names), or nullopt.
    template <typename Same>
    std::optional<model::ConversationId> find(std::uint64_t hash, Same&& same) const;
    // Precondition: `id` is not in the table. Different ids may share a hash.
    void insert(std::uint64_t hash, model::ConversationId id);
    // Precondition: `id` is in the table under `hash`.
    void erase(std::uint64_t hash, model::ConversationId id);

  private:
    struct Entry {
        std::uint64_t hash = 0;
        model::ConversationId id;  // !id.valid(): empty
    };
    static constexpr std::uint32_t kInitialSlots = 16;

    std::uint64_t home(std::uint64_t hash) const noexcept { return hash & mask_; }
    void grow();

    std::vector<Entry> entries_;  // size is a power of two, or 0 before the first insert
    std::uint64_t mask_ = 0;
    std::uint32_t size_ = 0;
};

template <typename Same>
std::optional<model::ConversationId> OpenIdTable::find(std::uint64_t hash, Same&& same) const {
    if (entries_.empty()) return std::nullopt;
    // At most 1/2 full, so an empty entry ends every probe run.
    for (std::uint64_t i = home(hash);; i = (i + 1) & mask_) {
        const Entry& e = entries_[i];
        if (!e.id.valid()) return std::nullopt;
        if (e.hash == hash && same(e.id)) return e.id;
    }
}

}  // namespace switchboard::core
