#include "engine/runtime/outbox.hpp"

#include <algorithm>
#include <bit>
#include <utility>

#include "engine/base/assert.hpp"

namespace switchboard::runtime {

Outbox::Outbox(std::string tenant, std::string agent, std::uint32_t capacity)
    : tenant_(std::move(tenant)),
      agent_(std::move(agent)),
      mask_(std::bit_ceil(std::max<std::uint64_t>(capacity, kChunkSlots)) - 1),
      chunks_(std::make_unique<std::unique_ptr<Delivery[]>[]>((mask_ + 1) / kChunkSlots)) {
    SB_ASSERT(capacity > 0);
}

Delivery* Outbox::reserve() noexcept {
    const std::uint64_t cap = mask_ + 1;
    if (producer_.written - producer_.acked_cache == cap) {
        producer_.acked_cache = acked_.load(std::memory_order_acquire);
        if (producer_.written - producer_.acked_cache == cap) return nullptr;
    }
    auto& chunk = chunks_[(producer_.written & mask_) / kChunkSlots];
    if (chunk == nullptr) chunk = std::make_unique<Delivery[]>(kChunkSlots);
    Delivery* d = &slot(producer_.written);
    ++producer_.written;
    d->seq = producer_.written;
    return d;
}

bool Outbox::publish() noexcept {
    if (producer_.written == producer_.published) return false;
    producer_.published = producer_.written;
    published_.store(producer_.published, std::memory_order_release);
    return !ready_.exchange(true, std::memory_order_acq_rel);
}

bool Outbox::ack(std::uint64_t seq) noexcept {
    if (seq > consumer_.sent_max) return false;
    const std::uint64_t acked = acked_.load(std::memory_order_relaxed);
    if (seq <= acked) return true;
    // Never read a slot the shard may reuse: move `sent` past what is now released.
    if (consumer_.sent < seq) consumer_.sent = seq;
    // release: our reads of the released slots happen before the shard overwrites them.
    acked_.store(seq, std::memory_order_release);
    return true;
}

}  // namespace switchboard::runtime
