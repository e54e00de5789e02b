#include "engine/routing/waiting_queue.hpp"

#include "engine/base/assert.hpp"

namespace switchboard::routing {

WaitingQueue::WaitingQueue(const std::vector<std::uint8_t>& steps_per_tier, WaitLinks* links)
    : links_(links) {
    SB_ASSERT(links != nullptr);
    for (const std::uint8_t steps : steps_per_tier) {
        SB_ASSERT(steps >= 1);
        first_list_.push_back(static_cast<std::uint32_t>(lists_.size()));
        lists_.resize(lists_.size() + steps);
    }
    tier_size_.assign(steps_per_tier.size(), 0);
}

std::uint32_t WaitingQueue::list_index(std::uint8_t tier, std::uint8_t step) const noexcept {
    SB_ASSERT(tier < first_list_.size());
    SB_ASSERT(step < steps(tier));
    return first_list_[tier] + step;
}

std::uint8_t WaitingQueue::steps(std::uint8_t tier) const noexcept {
    SB_ASSERT(tier < first_list_.size());
    const std::uint32_t end =
        tier + 1u < first_list_.size() ? first_list_[tier + 1] : lists_.size();
    return static_cast<std::uint8_t>(end - first_list_[tier]);
}

std::uint32_t WaitingQueue::size_of_tier(std::uint8_t tier) const noexcept {
    SB_ASSERT(tier < tier_size_.size());
    return tier_size_[tier];
}

void WaitingQueue::push(ConversationIndex c, std::uint8_t tier, std::uint8_t step,
                        std::int64_t order_key) {
    SB_ASSERT(c < links_->size());
    List& list = lists_[list_index(tier, step)];
    WaitLinks& links = *links_;
    // Walk back from the tail: arrivals land at the tail in O(1); keys from the past (put back
    // at the head, or moved between steps) walk only past younger entries.
    ConversationIndex after = list.tail;
    while (after != kNoConversation && links[after].order_key > order_key) {
        after = links[after].prev;
    }
    const ConversationIndex before = after == kNoConversation ? list.head : links[after].next;
    links[c] = WaitLink{after, before, order_key};
    (after == kNoConversation ? list.head : links[after].next) = c;
    (before == kNoConversation ? list.tail : links[before].prev) = c;
    ++list.size;
    ++tier_size_[tier];
    ++size_;
}

void WaitingQueue::remove(ConversationIndex c, std::uint8_t tier, std::uint8_t step) {
    List& list = lists_[list_index(tier, step)];
    WaitLinks& links = *links_;
    SB_ASSERT(list.size > 0);
    const WaitLink link = links[c];
    (link.prev == kNoConversation ? list.head : links[link.prev].next) = link.next;
    (link.next == kNoConversation ? list.tail : links[link.next].prev) = link.prev;
    links[c] = WaitLink{};
    --list.size;
    --tier_size_[tier];
    --size_;
}

ConversationIndex WaitingQueue::head(std::uint8_t tier, std::uint8_t step) const noexcept {
    return lists_[list_index(tier, step)].head;
}

std::uint32_t WaitingQueue::position(ConversationIndex c, std::uint8_t tier, std::uint8_t step,
                                     std::uint32_t walk_limit) const noexcept {
    std::uint32_t ahead = 0;
    for (std::uint8_t t = 0; t < tier; ++t) ahead += tier_size_[t];
    // Fast path, every new arrival: c is the youngest of its tier, so the whole tier is ahead.
    const std::int64_t own_key = (*links_)[c].order_key;
    bool youngest = lists_[list_index(tier, step)].tail == c;
    for (std::uint8_t s = 0; youngest && s < steps(tier); ++s) {
        const ConversationIndex tail = lists_[list_index(tier, s)].tail;
        youngest = tail == kNoConversation || (*links_)[tail].order_key <= own_key;
    }
    if (youngest) return ahead + tier_size_[tier];
    // Same tier, other steps: entries with a smaller order_key are ahead. Later steps hold older
    // arrivals, so usually a whole list is ahead or behind; walk to be exact within the limit.
    for (std::uint8_t s = 0; s < steps(tier); ++s) {
        std::uint32_t walked = 0;
        for (ConversationIndex i = head(tier, s); i != kNoConversation && walked < walk_limit;
             i = next(i), ++walked) {
            if (i == c || (s != step && (*links_)[i].order_key > own_key)) break;
            if ((*links_)[i].order_key <= own_key) ++ahead;
        }
    }
    return ahead + 1;
}

bool WaitingQueue::valid() const {
    std::uint32_t total = 0;
    for (std::uint8_t t = 0; t < first_list_.size(); ++t) {
        std::uint32_t in_tier = 0;
        for (std::uint8_t s = 0; s < steps(t); ++s) {
            const List& list = lists_[list_index(t, s)];
            std::uint32_t n = 0;
            ConversationIndex prev = kNoConversation;
            for (ConversationIndex i = list.head; i != kNoConversation; i = next(i)) {
                if ((*links_)[i].prev != prev) return false;
                if (prev != kNoConversation && order_key(prev) > order_key(i)) return false;
                prev = i;
                ++n;
            }
            if (prev != list.tail || n != list.size) return false;
            in_tier += n;
        }
        if (in_tier != tier_size_[t]) return false;
        total += in_tier;
    }
    return total == size_;
}

}  // namespace switchboard::routing
