// Which agent last served each customer, and when: the memory behind sticky routing (a returning
// customer goes back to the agent they know). Bounded: beyond `limit` customers the one
// remembered longest ago is forgotten. Agents are remembered by name, so a re-login still
// matches. Shard thread only.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

#include "engine/base/time.hpp"
#include "engine/core/directory.hpp"

namespace switchboard::core {

struct StickyEntry {
    std::string agent;
    base::Time served_at{};
};

class StickyMemory {
  public:
    explicit StickyMemory(std::uint32_t limit) : limit_(limit) {}

    void remember(std::string_view customer, std::string_view agent, base::Time at);
    const StickyEntry* find(std::string_view customer) const;
    std::size_t size() const noexcept { return entries_.size(); }

  private:
    struct Stamped {
        StickyEntry entry;
        std::uint64_t stamp = 0;
    };
    struct Order {
        std::string customer;
        std::uint64_t stamp = 0;
    };

    void evict_oldest();
    void compact_order();

    StringMap<Stamped> entries_;
    std::deque<Order> order_;  // remember() calls, oldest first; stale when the stamp moved on
    std::uint64_t next_stamp_ = 0;
    std::uint32_t limit_;
};

}  // namespace switchboard::core
