// Turns the shard's actions into outputs with the gateway's ids (output.hpp): agent-facing
// actions become deliveries in the agent's outbox, the rest become notices. Runs on the shard
// thread inside Shard::apply(), while the records the actions name are still alive, so names are
// read straight from the shard.
//
// A delivery that does not fit (outbox full, or no outbox left) is never dropped silently: it
// becomes a kOutboxOverflow notice carrying the delivery, and is counted. The agent's reply clock
// keeps running, so an agent whose gateway stopped reading misses the deadline and the SLA
// ladder moves the conversation on (DESIGN.md §4), as for any silent agent.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/core/actions.hpp"
#include "engine/core/shard.hpp"
#include "engine/runtime/outbox_table.hpp"
#include "engine/runtime/output.hpp"
#include "engine/runtime/submission.hpp"

namespace switchboard::runtime {

struct OutputCounters {
    std::uint64_t deliveries = 0;
    std::uint64_t notices = 0;
    std::uint64_t outbox_overflows = 0;
    std::uint64_t rejected = 0;
    std::uint64_t assigned = 0;
};

// Notices made during a batch, reused across batches so their strings keep their capacity.
class NoticeBuffer {
  public:
    Notice& next();
    std::vector<Notice>& items() noexcept { return items_; }
    std::size_t size() const noexcept { return size_; }
    void clear() noexcept { size_ = 0; }

  private:
    std::vector<Notice> items_;
    std::size_t size_ = 0;
};

class OutputSink final : public core::ActionSink {
  public:
    OutputSink(const core::Shard& shard, OutboxTable& outboxes, NoticeBuffer& notices);

    // The event whose actions follow (nullptr: a tick, or timers firing before an event).
    void begin(const Submission* cause, std::uint32_t gateway) noexcept;
    void on_action(const core::Action& action) override;
    // After the shard applied `cause`: relays a customer message's text to the conversation's
    // agent, unless the assignment it caused already carried it.
    void relay_message();

    const OutputCounters& counters() const noexcept { return counters_; }

  private:
    struct Visitor;

    Delivery& deliver(core::AgentId agent, DeliveryKind kind, std::string_view conversation);
    Notice& notice(NoticeKind kind, model::TenantIndex tenant);
    Notice& notice(NoticeKind kind, std::string_view tenant);
    std::uint64_t correlation() const noexcept;
    void reject(const core::Rejected& r);
    void attach_payload(Delivery& d, std::string_view conversation);
    std::string_view tenant_id(model::TenantIndex tenant) const;

    const core::Shard* shard_;
    OutboxTable* outboxes_;
    NoticeBuffer* notices_;
    const Submission* cause_ = nullptr;
    const core::CustomerMessage* message_ = nullptr;  // cause_'s event, when a message
    std::uint32_t gateway_ = 0;
    bool payload_carried_ = false;
    OutputCounters counters_;
};

}  // namespace switchboard::runtime
