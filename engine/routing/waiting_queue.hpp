// The waiting conversations of one queue, as one intrusive FIFO list per (tier, ladder step).
// Lists are kept sorted by order_key (arrival order; conversations put back at the head after a
// logout get keys below every arrival). Serving order: higher tier first, then smaller
// order_key, among the lists whose step admits the agent asking (DESIGN.md §3).
// Link storage is shared by all queues of a shard (WaitLinks, indexed by conversation slot), so a
// queue costs a few words per list and nothing per conversation. Shard thread only.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

namespace switchboard::routing {

using ConversationIndex = std::uint32_t;
inline constexpr ConversationIndex kNoConversation = std::numeric_limits<std::uint32_t>::max();

struct WaitLink {
    ConversationIndex prev = kNoConversation;
    ConversationIndex next = kNoConversation;
    std::int64_t order_key = 0;
};

// Indexed by conversation slot; grown by the owner before a push touches a new slot.
using WaitLinks = std::vector<WaitLink>;

class WaitingQueue {
  public:
    // steps_per_tier[t] = number of ladder steps of tier t (>= 1).
    WaitingQueue(const std::vector<std::uint8_t>& steps_per_tier, WaitLinks* links);

    std::uint32_t size() const noexcept { return size_; }
    std::uint32_t size_of_tier(std::uint8_t tier) const noexcept;
    std::uint32_t tiers() const noexcept { return static_cast<std::uint32_t>(first_list_.size()); }
    std::uint8_t steps(std::uint8_t tier) const noexcept;

    // Inserts c into list (tier, step) at its order_key position. Precondition: c not queued.
    void push(ConversationIndex c, std::uint8_t tier, std::uint8_t step, std::int64_t order_key);
    // Precondition: c is in list (tier, step).
    void remove(ConversationIndex c, std::uint8_t tier, std::uint8_t step);

    ConversationIndex head(std::uint8_t tier, std::uint8_t step) const noexcept;
    ConversationIndex next(ConversationIndex c) const noexcept { return (*links_)[c].next; }
    std::int64_t order_key(ConversationIndex c) const noexcept { return (*links_)[c].order_key; }

    // 1-based place in serving order if every list were served by one agent pool: all of the
    // higher tiers, then those of the same tier with a smaller order_key. Walks c's own list
    // up to `walk_limit` entries; beyond that the count saturates (an estimate for big queues).
    std::uint32_t position(ConversationIndex c, std::uint8_t tier, std::uint8_t step,
                           std::uint32_t walk_limit) const noexcept;

    // O(n) self-check: links consistent, lists sorted, sizes right.
    bool valid() const;

  private:
    struct List {
        ConversationIndex head = kNoConversation;
        ConversationIndex tail = kNoConversation;
        std::uint32_t size = 0;
    };

    std::uint32_t list_index(std::uint8_t tier, std::uint8_t step) const noexcept;

    WaitLinks* links_;
    std::vector<List> lists_;
    std::vector<std::uint32_t> first_list_;  // tier -> index of its step-0 list
    std::vector<std::uint32_t> tier_size_;
    std::uint32_t size_ = 0;
};

}  // namespace switchboard::routing
