// One agent's outbox: the ordered, bounded stream of deliveries for that agent (DESIGN.md §5).
//
// Single producer (the shard thread that owns the agent's tenant), single consumer (the thread
// that hands deliveries to the gateway). Each delivery gets the next per-agent sequence number,
// from 1, gap-free. A delivery stays in its slot until the gateway acknowledges its sequence
// number (or a later one), so after a reconnect everything unacknowledged can be sent again in
// order (at-least-once; the gateway drops duplicates by sequence number).
//
// Counters (all counts of deliveries since the outbox was made):
//     acked <= sent <= published <= written,   written - acked <= capacity
// written: reserved by the shard (shard-local); published: visible to the consumer (the shard
// stores it once per batch); sent: handed to the gateway (consumer-local); acked: released by the
// gateway's ack (consumer stores, shard reads to know the free space).
//
// Ready flag: the shard publishes, then sets the flag; if the flag was clear it puts the outbox
// on its ready ring. The consumer clears the flag (an exchange, so it synchronises with the
// shard's set) before reading `published`. An outbox is therefore on the ready ring at most once,
// and a ready ring with room for every outbox never overflows.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "engine/runtime/output.hpp"
#include "engine/runtime/spsc_ring.hpp"

namespace switchboard::runtime {

class Outbox {
  public:
    // Precondition: capacity > 0 (rounded up to a power of two, at least 16).
    Outbox(std::string tenant, std::string agent, std::uint32_t capacity);
    Outbox(const Outbox&) = delete;
    Outbox& operator=(const Outbox&) = delete;

    const std::string& tenant() const noexcept { return tenant_; }
    const std::string& agent() const noexcept { return agent_; }
    std::uint32_t capacity() const noexcept { return static_cast<std::uint32_t>(mask_ + 1); }

    // --- Shard thread ---

    // The slot of the next delivery, its seq already set, or nullptr when `capacity`
    // deliveries are unacknowledged. The caller fills the other fields; publish() makes it
    // visible.
    Delivery* reserve() noexcept;
    // Makes every reserved delivery visible. Returns true when the caller must put the outbox on
    // the ready ring (it was not on it).
    bool publish() noexcept;
    bool has_unpublished() const noexcept { return producer_.written != producer_.published; }

    // --- Consumer thread ---

    // Clears the ready flag; call before drain() for an outbox taken off the ready ring.
    void take_ready() noexcept { ready_.exchange(false, std::memory_order_acq_rel); }
    // Calls f(const Delivery&) for every published delivery not yet sent, in order. The
    // delivery counts as sent when f is called, so f may ack() it.
    template <typename F>
    std::uint64_t drain(F&& f) {
        const std::uint64_t published = published_.load(std::memory_order_acquire);
        std::uint64_t n = 0;
        while (consumer_.sent < published) {
            const Delivery& d = slot(consumer_.sent);
            ++consumer_.sent;
            if (consumer_.sent > consumer_.sent_max) consumer_.sent_max = consumer_.sent;
            ++n;
            f(d);
        }
        return n;
    }
    // The gateway confirmed every delivery with seq <= `seq`. Returns false, changing nothing,
    // when `seq` was never sent; an ack at or below an earlier one is accepted and ignored. An
    // ack that arrives after rewind() (from the old connection) also skips the resend of what it
    // covers.
    bool ack(std::uint64_t seq) noexcept;
    // After a reconnect: the next drain() starts again at the oldest unacknowledged delivery.
    void rewind() noexcept { consumer_.sent = acked_.load(std::memory_order_relaxed); }
    std::uint64_t sent() const noexcept { return consumer_.sent; }
    // Whether the consumer has filed this outbox under its name (consumer's own bookkeeping).
    bool registered() const noexcept { return consumer_.registered; }
    void mark_registered() noexcept { consumer_.registered = true; }
    std::uint64_t acked() const noexcept { return acked_.load(std::memory_order_relaxed); }

  private:
    // Slots come in chunks made on first use, so an outbox costs memory in proportion to the
    // most deliveries it ever held unacknowledged, not to its capacity. A chunk pointer is set
    // by the shard before the delivery in it is published and never changes afterwards, so the
    // consumer's acquire of `published_` makes it visible.
    static constexpr std::uint64_t kChunkSlots = 16;
    Delivery& slot(std::uint64_t count) const noexcept {
        const std::uint64_t index = count & mask_;
        return chunks_[index / kChunkSlots][index % kChunkSlots];
    }

    struct alignas(kCacheLine) ProducerSide {
        std::uint64_t written = 0;
        std::uint64_t published = 0;    // shard's copy of published_
        std::uint64_t acked_cache = 0;  // last acked_ seen
    };
    struct alignas(kCacheLine) ConsumerSide {
        std::uint64_t sent = 0;
        std::uint64_t sent_max = 0;  // highest `sent` ever: what an ack may confirm
        bool registered = false;
    };

    const std::string tenant_;
    const std::string agent_;
    const std::uint64_t mask_;
    const std::unique_ptr<std::unique_ptr<Delivery[]>[]> chunks_;
    ProducerSide producer_;
    ConsumerSide consumer_;
    alignas(kCacheLine) std::atomic<std::uint64_t> published_{0};
    std::atomic<bool> ready_{false};
    alignas(kCacheLine) std::atomic<std::uint64_t> acked_{0};
};

}  // namespace switchboard::runtime
