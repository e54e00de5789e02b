// What one load-generator connection counted and measured; the main thread adds them up after
// the connection threads have been joined (merge), then reports them with the ledger's verdict.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "tools/loadgen_histogram.hpp"

namespace switchboard::tools {

struct ConnectionStats {
    static constexpr std::size_t kDeliveryKinds = 7;  // runtime::DeliveryKind
    static constexpr std::size_t kAssignReasons = 6;  // core::AssignReason
    static constexpr std::size_t kNoticeKinds = 9;    // runtime::NoticeKind
    static constexpr std::size_t kMaxErrors = 5;

    std::uint64_t opened = 0;
    std::uint64_t replies = 0;
    std::uint64_t follow_ups = 0;
    std::uint64_t accepts = 0;
    std::uint64_t closes = 0;
    std::uint64_t cleanup_closes = 0;  // closes of what was still open at the end of the run
    std::uint64_t acks = 0;
    std::array<std::uint64_t, kDeliveryKinds> deliveries{};
    std::array<std::uint64_t, kAssignReasons> assign_reasons{};  // ASSIGNED sent directly
    std::uint64_t offers = 0;
    std::uint64_t accepted = 0;  // ASSIGNED after our accept of an offer
    std::array<std::uint64_t, kNoticeKinds> notices{};
    std::uint64_t refused_opens = 0;     // the router's limits refused an open (LIMIT_REACHED)
    std::uint64_t stale_rejections = 0;  // a reply/accept/close raced a move or a close: expected
    std::uint64_t unexpected_rejections = 0;
    std::uint64_t seq_duplicates = 0;
    std::uint64_t seq_gaps = 0;
    std::uint64_t unacked = 0;  // deliveries received but never acknowledged (must stay 0)
    std::uint64_t foreign = 0;  // outputs naming ids of no agent or conversation of this run
    std::uint64_t outbox_overflows = 0;
    std::uint64_t protocol_errors = 0;  // Error frames from the server
    std::uint32_t failed_connections = 0;
    std::vector<std::string> errors;  // the first few, with what they were about

    // Steady-clock nanoseconds; 0 = never reached.
    std::int64_t traffic_start_ns = 0;  // the first open (earliest over connections)
    std::int64_t opening_end_ns = 0;    // the last open (latest)
    std::int64_t drained_ns = 0;        // every conversation finished or the drain time ran out

    LatencyRecorder routing;  // customer message sent -> ASSIGNED / OFFERED received
    LatencyRecorder relay;    // follow-up sent -> CUSTOMER_MESSAGE received

    void note_error(std::string message);
    void merge(const ConnectionStats& other);
};

}  // namespace switchboard::tools
