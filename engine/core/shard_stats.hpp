// Running counters of one shard, for metrics and KPIs (DOMAIN.md). Plain integers written only by
// the shard thread; a reader on another thread gets them through the runtime, never directly.
#pragma once

#include <array>
#include <cstdint>

namespace switchboard::core {

struct ShardStats {
    std::uint64_t events = 0;
    std::uint64_t rejected = 0;
    std::uint64_t conversations_opened = 0;
    std::uint64_t conversations_closed = 0;
    std::uint64_t assignments = 0;  // every Assigned or Offered action
    std::uint64_t queued = 0;       // every Queued action
    std::uint64_t requeued_logout = 0;
    std::uint64_t transfers = 0;
    std::uint64_t replies = 0;
    std::uint64_t canned_replies = 0;  // replies that did not stop the reply clock
    std::uint64_t reply_warnings = 0;
    std::uint64_t reply_misses = 0;   // reply deadlines that passed
    std::uint64_t reassignments = 0;  // after a missed reply or an expired offer
    std::uint64_t escalations = 0;
    std::uint64_t offers_expired = 0;
    std::uint64_t auto_aways = 0;
    std::uint64_t ladder_widenings = 0;
    std::uint64_t overflows = 0;
    std::uint64_t idle_closes = 0;
    std::uint64_t position_updates = 0;
    std::uint64_t timers_fired = 0;
};

}  // namespace switchboard::core
