// The consumer side of every shard's outputs: one thread (the gateway's delivery thread, or the
// net I/O thread) takes notices and ready outboxes off each shard's rings, hands deliveries to a
// handler, and records the gateway's acknowledgements. Nothing polls thousands of outboxes: only
// outboxes announced on a ready ring are read.
//
// Owned by the engine; every member function must be called from one thread at a time (the
// consumer thread; the engine documents the hand-over).
#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/base/result.hpp"
#include "engine/runtime/outbox.hpp"
#include "engine/runtime/output.hpp"
#include "engine/runtime/parker.hpp"
#include "engine/runtime/shard_worker.hpp"

namespace switchboard::runtime {

// The delivery thread's handle on one agent's stream of deliveries: names it, and acknowledges
// it without a lookup by name (OutputReader::ack). Cheap to copy; valid for the engine's life.
class AgentStream {
  public:
    const std::string& tenant() const noexcept { return box_->tenant(); }
    const std::string& agent() const noexcept { return box_->agent(); }
    friend bool operator==(AgentStream a, AgentStream b) noexcept { return a.box_ == b.box_; }
    // Stable for the engine's life and distinct per stream: a key for the consumer's own maps.
    std::uintptr_t key() const noexcept { return reinterpret_cast<std::uintptr_t>(box_); }

  private:
    friend class OutputReader;
    explicit AgentStream(Outbox* box) noexcept : box_(box) {}
    Outbox* box_;
};

class OutputHandler {
  public:
    virtual ~OutputHandler() = default;
    virtual void on_delivery(AgentStream stream, const Delivery& delivery) = 0;
    virtual void on_notice(const Notice& notice) = 0;
};

class OutputReader {
  public:
    OutputReader(std::span<const std::unique_ptr<ShardWorker>> workers, Parker& parker,
                 std::chrono::nanoseconds spin);

    // Hands every available notice and every new delivery to `handler`. Returns how many.
    std::size_t poll(OutputHandler& handler);
    // Parks until some output may be available or `timeout` passes. Returns right away when
    // output is already waiting.
    void wait(std::chrono::nanoseconds timeout);
    bool output_pending() const noexcept;

    // For a consumer that waits in an event loop (the net server's I/O thread) instead of in
    // wait(): from then on, a shard with new output for a waiting consumer writes to `event_fd`
    // (an eventfd the loop watches) instead of waking a futex. Call once, before any wait; after
    // it, use prepare_wait()/cancel_wait() and never wait().
    void notify_through(int event_fd) noexcept;
    // Announces that the consumer is about to wait for the notify fd. Returns false (and
    // withdraws the announcement) when output is already pending: poll now instead of waiting.
    bool prepare_wait() noexcept;
    // The loop woke up (fd readable, or it found other work): back to running.
    void cancel_wait() noexcept;

    // The gateway confirmed the agent's deliveries up to `seq`. Errors: unknown agent (nothing
    // was ever delivered to it), or `seq` beyond what was delivered.
    base::Status ack(std::string_view tenant, std::string_view agent, std::uint64_t seq);
    // The same for a stream handed to on_delivery (no lookup by name).
    base::Status ack(AgentStream stream, std::uint64_t seq);
    // After the agent's gateway reconnected: hands every unacknowledged delivery to `handler`
    // again, oldest first, then anything new. Returns how many.
    base::Result<std::uint64_t> resend(std::string_view tenant, std::string_view agent,
                                       OutputHandler& handler);
    // Deliveries handed out and not yet acknowledged, over all agents.
    std::uint64_t unacked() const noexcept;

  private:
    Outbox* find(std::string_view tenant, std::string_view agent);
    std::uint64_t drain(Outbox& box, OutputHandler& handler);

    std::span<const std::unique_ptr<ShardWorker>> workers_;
    Parker* parker_;
    std::chrono::nanoseconds spin_;
    std::unordered_map<std::string, Outbox*> known_;  // "tenant\x1fagent", from ready rings
    std::vector<Outbox*> all_;
    std::string key_;
};

}  // namespace switchboard::runtime
