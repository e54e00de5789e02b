// The shard thread's directory of agent outboxes. An outbox belongs to an agent name within a
// tenant, not to a login: sequence numbers continue across logout and login, so a gateway that
// reconnects finds one gap-free stream per agent. Outboxes are made on an agent's first delivery
// and kept for the engine's life (the consumer thread holds pointers to them), so their number
// is bounded by EngineSpec::max_outboxes; past that bound outbox_for() answers nullptr and the
// caller reports the delivery as an outbox overflow.
//
// Owned and called by one shard thread. Publishing (once per batch) puts outboxes with new
// deliveries on the ready ring, which the consumer thread drains.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/core/shard.hpp"
#include "engine/runtime/outbox.hpp"
#include "engine/runtime/spsc_ring.hpp"

namespace switchboard::runtime {

using ReadyRing = SpscRing<Outbox*>;

class OutboxTable {
  public:
    // Precondition: max_outboxes > 0, outbox_capacity > 0.
    OutboxTable(std::uint32_t max_outboxes, std::uint32_t outbox_capacity);

    // The outbox of a live agent of `shard`, made on first use; nullptr when the table is full.
    Outbox* outbox_for(const core::Shard& shard, core::AgentId agent);

    // Reserves the next delivery in `box` and remembers to publish it. nullptr when full.
    Delivery* reserve(Outbox& box);

    // Publishes every outbox with reserved deliveries and puts the newly ready ones on `ready`.
    // Returns the number of outboxes published.
    std::uint32_t publish(ReadyRing& ready);

    std::uint32_t size() const noexcept { return static_cast<std::uint32_t>(by_name_.size()); }
    std::uint32_t max_outboxes() const noexcept { return max_outboxes_; }

  private:
    struct CacheEntry {
        core::AgentId agent;
        Outbox* box = nullptr;
    };

    Outbox* make_or_find(std::string_view tenant, std::string_view agent);

    std::uint32_t max_outboxes_;
    std::uint32_t outbox_capacity_;
    std::unordered_map<std::string, std::unique_ptr<Outbox>> by_name_;  // "tenant\x1fagent"
    std::vector<CacheEntry> by_handle_;  // indexed by AgentId::index; checked by generation
    std::vector<Outbox*> dirty_;         // reserved since the last publish()
    std::string key_;                    // reused key buffer
};

}  // namespace switchboard::runtime
