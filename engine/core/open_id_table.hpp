// The open conversations of one tenant, by the hash of their gateway id: a flat open-addressing
// table of 16-byte {hash, handle} entries (linear probing; erase shifts the following entries
// back, so there are no tombstones and probe runs stay short under endless open/close churn).
// It stores no keys: the caller confirms a hash match against the name in the conversation's
// own record, which it is about to touch anyway. So a lookup costs one cache miss (the entry's
// line) where the node-based map it replaces cost two or three (bucket, node, and on insert
// and erase the neighbouring node), and the table holds 16 bytes per slot at most 1/2 full
// instead of a 64-byte node plus a bucket pointer per id.
// Growth is incremental: a full table becomes the "draining" table next to one twice its size,
// and every later insert and erase moves the entries of kMigrateSlots draining slots across
// (leaving a moved marker, so probe runs in the draining table stay intact), until it is empty
// and freed. Re-inserting a million entries in one event stalled the shard for a quarter of a
// second; now an event pays for at most kMigrateSlots entries. The new table comes from calloc,
// so for a large one the OS hands out zero pages as they are first written instead of the
// growing event zeroing tens of megabytes. Lookups during a growth probe both tables. Iteration
// order is never exposed, and the layout is a pure function of the calls made, so the shard stays
// deterministic. Shard thread only.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>
#include <utility>

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

    // Cache hints for a caller that knows its next events (Shard::prefetch): start loading the
    // line where a lookup of `hash` begins; the first handle filed under `hash`, names unchecked
    // (a guess: another id may share the hash). Neither changes anything.
    void prefetch(std::uint64_t hash) const noexcept {
        if (!entries_.empty()) __builtin_prefetch(&entries_[home(hash, mask_)]);
    }
    std::optional<model::ConversationId> guess(std::uint64_t hash) const noexcept {
        auto any = [](model::ConversationId) { return true; };
        return find(hash, any);
    }

    // True while entries are still being moved out of the previous, smaller table.
    bool growing() const noexcept { return !draining_.empty(); }

    // Draining slots whose entries each insert and erase move to the new table. With the old
    // table at most 1/2 full when the growth starts, the move ends after old_slots / 8 mutations,
    // by when the new table (twice the slots) holds at most 1/2 + 1/8 of the old slot count
    // entries: below its own growth point, so growths never overlap.
    static constexpr std::uint32_t kMigrateSlots = 8;

  private:
    static constexpr std::uint64_t kMoved = 1;  // hash of a draining slot whose entry moved

    // All-zero bytes are an empty entry (so a calloc'ed table is empty): the handle's index is
    // stored inverted, and kNoIndex (invalid) inverts to 0. !id().valid(): empty, or, with
    // hash == kMoved, a slot of the draining table whose entry has moved.
    struct Entry {
        std::uint64_t hash = 0;
        std::uint32_t index_inverted = 0;
        std::uint32_t generation = 0;

        model::ConversationId id() const noexcept {
            return model::ConversationId{~index_inverted, generation};
        }
        static Entry of(std::uint64_t hash, model::ConversationId id) noexcept {
            return Entry{hash, ~id.index, id.generation};
        }
        static Entry moved() noexcept { return Entry{kMoved, 0, 0}; }
    };
    // A zeroed array of entries, owned; a power-of-two count, or none.
    class Slots {
      public:
        Slots() = default;
        explicit Slots(std::uint64_t count);
        Slots(Slots&& other) noexcept
            : data_(std::move(other.data_)), count_(std::exchange(other.count_, 0)) {}
        Slots& operator=(Slots&& other) noexcept {
            data_ = std::move(other.data_);
            count_ = std::exchange(other.count_, 0);
            return *this;
        }
        std::uint64_t size() const noexcept { return count_; }
        bool empty() const noexcept { return count_ == 0; }
        Entry& operator[](std::uint64_t i) noexcept { return data_[i]; }
        const Entry& operator[](std::uint64_t i) const noexcept { return data_[i]; }

      private:
        struct Free {
            void operator()(Entry* p) const noexcept { std::free(p); }
        };
        std::unique_ptr<Entry[], Free> data_;
        std::uint64_t count_ = 0;
    };
    static constexpr std::uint32_t kInitialSlots = 16;

    static std::uint64_t home(std::uint64_t hash, std::uint64_t mask) noexcept {
        return hash & mask;
    }
    template <typename Same>
    static std::optional<model::ConversationId> probe(const Slots& entries, std::uint64_t hash,
                                                      Same& same);
    void place(Entry e) noexcept;  // into entries_, which has room
    void grow();
    void migrate_some() noexcept;
    bool erase_live(std::uint64_t hash, model::ConversationId id) noexcept;

    Slots entries_;  // empty before the first insert
    std::uint64_t mask_ = 0;
    Slots draining_;            // the previous table while growing, else empty
    std::uint64_t cursor_ = 0;  // draining_ slots below this have been moved
    std::uint32_t size_ = 0;    // entries in both tables
};

template <typename Same>
std::optional<model::ConversationId> OpenIdTable::probe(const Slots& entries, std::uint64_t hash,
                                                        Same& same) {
    if (entries.empty()) return std::nullopt;
    const std::uint64_t mask = entries.size() - 1;
    // At most 1/2 full, so an empty entry ends every probe run; moved markers do not.
    for (std::uint64_t i = home(hash, mask);; i = (i + 1) & mask) {
        const Entry& e = entries[i];
        const model::ConversationId id = e.id();
        if (!id.valid() && e.hash != kMoved) return std::nullopt;
        if (id.valid() && e.hash == hash && same(id)) return id;
    }
}

template <typename Same>
std::optional<model::ConversationId> OpenIdTable::find(std::uint64_t hash, Same&& same) const {
    if (const auto id = probe(entries_, hash, same)) return id;
    return probe(draining_, hash, same);
}

}  // namespace switchboard::core
