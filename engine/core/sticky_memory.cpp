#include "engine/core/sticky_memory.hpp"

#include "engine/base/assert.hpp"

namespace switchboard::core {

void StickyMemory::remember(std::string_view customer, std::string_view agent, base::Time at) {
    if (limit_ == 0 || customer.empty()) return;
    const std::uint64_t stamp = ++next_stamp_;
    auto it = entries_.find(customer);
    if (it == entries_.end()) {
        it = entries_.emplace(std::string(customer), Stamped{}).first;
    }
    it->second.entry.agent.assign(agent);
    it->second.entry.served_at = at;
    it->second.stamp = stamp;
    order_.push_back(Order{it->first, stamp});
    while (entries_.size() > limit_) evict_oldest();
    // Refreshing a known customer leaves a stale order record; keep the order queue within a
    // constant factor of the live entries.
    if (order_.size() > 2 * static_cast<std::size_t>(limit_) + 1024) compact_order();
}

const StickyEntry* StickyMemory::find(std::string_view customer) const {
    const auto it = entries_.find(customer);
    return it == entries_.end() ? nullptr : &it->second.entry;
}

void StickyMemory::evict_oldest() {
    while (!order_.empty()) {
        const Order oldest = std::move(order_.front());
        order_.pop_front();
        const auto it = entries_.find(oldest.customer);
        if (it != entries_.end() && it->second.stamp == oldest.stamp) {
            entries_.erase(it);
            return;
        }
    }
    SB_ASSERT(false);  // every live entry has an order record with its stamp
}

void StickyMemory::compact_order() {
    std::deque<Order> live;
    for (Order& o : order_) {
        const auto it = entries_.find(o.customer);
        if (it != entries_.end() && it->second.stamp == o.stamp) live.push_back(std::move(o));
    }
    order_.swap(live);
}

}  // namespace switchboard::core
