// An indexed 8-ary min-heap of pool members keyed by a 64-bit strategy key (smaller = preferred).
// Members are small dense integers handed out by the owning Pool; the heap keeps each member's
// position so that update and erase are O(log n) without searching. Ties break by member id, so
// the order is a pure function of the keys: the shard stays deterministic (and the best member
// does not depend on the heap's shape).
// Why 8-ary: at 100,000 agents a pool heap is far larger than the L2 cache and every assignment
// moves its agent to the bottom of the heap (least-loaded, round-robin). A sift costs about one
// cache miss per level; eight children of 16 bytes are two adjacent lines, which the L2 fetches
// as a pair, so an 8-ary heap has a third of a binary heap's levels for about the same misses per
// level (routing_bench, 100k agents: 4-ary 1780-1850 ns, 8-ary 1705-1827 ns per decision, best
// of 8 repetitions, alternated). The comparisons stay branchy on purpose: a branch-free child
// selection measured slower, as it stops the CPU from loading the next level speculatively.
// Entries hold the key, so a sift compares without touching any agent record.
// Single-threaded, owned by one Pool.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

namespace switchboard::routing {

using MemberId = std::uint32_t;

class AgentHeap {
  public:
    static constexpr std::uint32_t kAbsent = std::numeric_limits<std::uint32_t>::max();

    bool empty() const noexcept { return entries_.empty(); }
    std::uint32_t size() const noexcept { return static_cast<std::uint32_t>(entries_.size()); }
    bool contains(MemberId m) const noexcept { return m < pos_.size() && pos_[m] != kAbsent; }

    // Inserts m with `key`, or moves it to `key` when already present.
    void upsert(MemberId m, std::uint64_t key);
    // Removes m; no effect when absent.
    void erase(MemberId m);

    // Precondition: !empty().
    MemberId top() const noexcept;

    // The best member for which `skip(m)` is false, visiting at most `max_visits` entries in
    // best-first order; kAbsent when none qualifies within the bound. O(k log k) for k visits.
    template <typename Skip>
    MemberId best_where_not(Skip&& skip, std::uint32_t max_visits) const;

    // A cache hint: starts loading m's entry and its parent's (where an update's sift begins).
    void prefetch(MemberId m) const noexcept {
        if (!contains(m)) return;
        const std::uint32_t at = pos_[m];
        __builtin_prefetch(&entries_[at]);
        if (at != 0) __builtin_prefetch(&entries_[(at - 1) / kArity]);
    }

    // Entry i of the underlying array (heap order, not sorted). For traces and invariant checks.
    MemberId member_at(std::uint32_t i) const noexcept { return entries_[i].member; }
    std::uint64_t key_at(std::uint32_t i) const noexcept { return entries_[i].key; }
    // O(n) check of the heap property and the position index.
    bool valid() const;

  private:
    static constexpr std::uint32_t kArity = 8;

    struct Entry {
        std::uint64_t key;
        MemberId member;
    };

    static bool before(const Entry& a, const Entry& b) noexcept {
        return a.key != b.key ? a.key < b.key : a.member < b.member;
    }
    void place(std::uint32_t i, Entry e) noexcept;
    void sift_up(std::uint32_t i) noexcept;
    void sift_down(std::uint32_t i) noexcept;

    std::vector<Entry> entries_;
    std::vector<std::uint32_t> pos_;  // member -> index in entries_, or kAbsent
};

template <typename Skip>
MemberId AgentHeap::best_where_not(Skip&& skip, std::uint32_t max_visits) const {
    // Best-first walk of the implicit tree: a tiny frontier of heap indexes, extracted by key.
    // Excluded members are few (agents who missed this conversation), so k stays small.
    std::vector<std::uint32_t> frontier;
    if (!entries_.empty()) frontier.push_back(0);
    for (std::uint32_t visits = 0; !frontier.empty() && visits < max_visits; ++visits) {
        std::size_t best = 0;
        for (std::size_t f = 1; f < frontier.size(); ++f) {
            if (before(entries_[frontier[f]], entries_[frontier[best]])) best = f;
        }
        const std::uint32_t i = frontier[best];
        frontier[best] = frontier.back();
        frontier.pop_back();
        if (!skip(entries_[i].member)) return entries_[i].member;
        const std::uint64_t first = std::uint64_t{kArity} * i + 1;
        for (std::uint64_t child = first; child < first + kArity; ++child) {
            if (child < entries_.size()) frontier.push_back(static_cast<std::uint32_t>(child));
        }
    }
    return kAbsent;
}

}  // namespace switchboard::routing
