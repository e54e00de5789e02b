#include "tools/loadgen_stats.hpp"

#include <algorithm>

namespace switchboard::tools {
namespace {

std::int64_t earliest(std::int64_t a, std::int64_t b) {
    if (a == 0) return b;
    if (b == 0) return a;
    return std::min(a, b);
}

template <std::size_t N>
void add(std::array<std::uint64_t, N>& into, const std::array<std::uint64_t, N>& from) {
    for (std::size_t i = 0; i < N; ++i) into[i] += from[i];
}

}  // namespace

void ConnectionStats::note_error(std::string message) {
    if (errors.size() < kMaxErrors) errors.push_back(std::move(message));
}

void ConnectionStats::merge(const ConnectionStats& o) {
    opened += o.opened;
    replies += o.replies;
    follow_ups += o.follow_ups;
    accepts += o.accepts;
    closes += o.closes;
    cleanup_closes += o.cleanup_closes;
    acks += o.acks;
    add(deliveries, o.deliveries);
    add(assign_reasons, o.assign_reasons);
    offers += o.offers;
    accepted += o.accepted;
    add(notices, o.notices);
    refused_opens += o.refused_opens;
    stale_rejections += o.stale_rejections;
    unexpected_rejections += o.unexpected_rejections;
    seq_duplicates += o.seq_duplicates;
    seq_gaps += o.seq_gaps;
    unacked += o.unacked;
    foreign += o.foreign;
    outbox_overflows += o.outbox_overflows;
    protocol_errors += o.protocol_errors;
    failed_connections += o.failed_connections;
    for (const auto& e : o.errors) note_error(e);
    traffic_start_ns = earliest(traffic_start_ns, o.traffic_start_ns);
    opening_end_ns = std::max(opening_end_ns, o.opening_end_ns);
    drained_ns = std::max(drained_ns, o.drained_ns);
    routing.merge(o.routing);
    relay.merge(o.relay);
}

}  // namespace switchboard::tools
