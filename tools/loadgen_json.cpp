// json_report (loadgen_report.hpp): the result for scripts. Written by hand, although the project
// links nlohmann_json elsewhere (admin, sim reports): the file's layout (one line per section,
// inline objects, fixed three decimals) is what scripts and tests/e2e read; moving to the library
// would change that layout, so it is left for a change that updates its readers too.
#include <cstdio>
#include <sstream>

#include "engine/core/actions.hpp"
#include "engine/runtime/output.hpp"

#include "tools/loadgen_report.hpp"

namespace switchboard::tools {
namespace {

std::string quoted(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            char escape[8];
            std::snprintf(escape, sizeof escape, "\\u%04x", static_cast<unsigned>(c));
            out += escape;
        } else {
            out += c;
        }
    }
    return out + "\"";
}

std::string number(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3f", value);
    return text;
}

// {"count": n, "p50": .., "p90": .., "p99": .., "p999": .., "max": .., "mean": ..} in µs.
std::string latency(const LatencyRecorder& h) {
    const auto us = [&](double q) { return number(static_cast<double>(h.quantile(q)) / 1e3); };
    std::ostringstream out;
    out << "{\"count\": " << h.count();
    if (h.count() > 0) {
        out << ", \"p50\": " << us(0.5) << ", \"p90\": " << us(0.9) << ", \"p99\": " << us(0.99)
            << ", \"p999\": " << us(0.999)
            << ", \"max\": " << number(static_cast<double>(h.max()) / 1e3)
            << ", \"mean\": " << number(h.mean() / 1e3);
    }
    return out.str() + "}";
}

template <typename Name, std::size_t N>
std::string by_name(const std::array<std::uint64_t, N>& counts, Name&& name) {
    std::ostringstream out;
    out << "{";
    for (std::size_t i = 0; i < N; ++i) {
        out << (i == 0 ? "" : ", ") << quoted(name(i)) << ": " << counts[i];
    }
    return out.str() + "}";
}

std::string strings(const std::vector<std::string>& list) {
    std::string out = "[";
    for (std::size_t i = 0; i < list.size(); ++i) out += (i == 0 ? "" : ", ") + quoted(list[i]);
    return out + "]";
}

double seconds_between(std::int64_t from_ns, std::int64_t to_ns) {
    return from_ns == 0 || to_ns <= from_ns ? 0.0 : static_cast<double>(to_ns - from_ns) / 1e9;
}

std::string plan_object(const LoadPlan& p) {
    std::ostringstream out;
    out << "{\"host\": " << quoted(p.host) << ", \"port\": " << p.port
        << ", \"gateway\": " << quoted(p.gateway) << ", \"tenant\": " << quoted(p.tenant)
        << ", \"connections\": " << p.connections
        << ", \"agents_per_connection\": " << p.agents_per_connection
        << ", \"silent_agents\": " << p.silent_agents()
        << ", \"capacity\": " << (p.capacity ? static_cast<long long>(*p.capacity) : -1)
        << ", \"window_per_connection\": " << p.window_per_connection
        << ", \"rate\": " << number(p.rate) << ", \"conversations\": " << p.conversations
        << ", \"follow_ups\": " << p.follow_ups << ", \"seed\": " << p.seed
        << ", \"run_prefix\": " << quoted(p.run_prefix) << "}";
    return out.str();
}

std::string counts_object(const RunResult& r) {
    const ConnectionStats& s = r.stats;
    const LedgerVerdict& v = r.verdict;
    std::ostringstream out;
    out << "{\"opened\": " << s.opened << ", \"routings\": " << routings(s)
        << ", \"served\": " << v.routed << ", \"queued\": " << v.queued
        << ", \"moved\": " << v.moved << ", \"overflowed\": " << v.overflowed
        << ", \"refused\": " << v.rejected << ", \"closed\": " << v.closed
        << ", \"cleanup_closes\": " << s.cleanup_closes << ", \"replies\": " << s.replies
        << ", \"follow_ups\": " << s.follow_ups << ", \"accepts\": " << s.accepts
        << ", \"offers\": " << s.offers << ", \"accepted\": " << s.accepted
        << ", \"acks\": " << s.acks << ", \"stale_rejections\": " << s.stale_rejections
        << ", \"assign_reasons\": "
        << by_name(
               s.assign_reasons,
               [](std::size_t i) { return core::to_string(static_cast<core::AssignReason>(i)); })
        << ", \"deliveries\": "
        << by_name(s.deliveries,
                   [](std::size_t i) {
                       return runtime::to_string(static_cast<runtime::DeliveryKind>(i));
                   })
        << ", \"notices\": "
        << by_name(s.notices,
                   [](std::size_t i) {
                       return runtime::to_string(static_cast<runtime::NoticeKind>(i));
                   })
        << "}";
    return out.str();
}

std::string problems_object(const RunResult& r) {
    const ConnectionStats& s = r.stats;
    const LedgerVerdict& v = r.verdict;
    std::ostringstream out;
    out << "{\"lost\": " << v.lost << ", \"unclosed\": " << v.unclosed
        << ", \"duplicated\": " << v.duplicated << ", \"out_of_order\": " << v.out_of_order
        << ", \"relays_lost\": " << v.relays_lost
        << ", \"relays_duplicated\": " << v.relays_duplicated
        << ", \"seq_duplicates\": " << s.seq_duplicates << ", \"seq_gaps\": " << s.seq_gaps
        << ", \"unacked\": " << s.unacked << ", \"protocol_errors\": " << s.protocol_errors
        << ", \"unexpected_rejections\": " << s.unexpected_rejections
        << ", \"failed_connections\": " << s.failed_connections << ", \"foreign\": " << s.foreign
        << ", \"outbox_overflows\": " << s.outbox_overflows << "}";
    return out.str();
}

}  // namespace

std::string json_report(const LoadPlan& plan, const RunResult& r) {
    const ConnectionStats& s = r.stats;
    const double opening = seconds_between(s.traffic_start_ns, s.opening_end_ns);
    const double drained = seconds_between(s.traffic_start_ns, s.drained_ns);
    std::ostringstream out;
    out << "{\n  \"verdict\": " << quoted(r.passed() ? "pass" : "fail")
        << ",\n  \"interrupted\": " << (r.interrupted ? "true" : "false")
        << ",\n  \"aborted\": " << (r.aborted ? "true" : "false")
        << ",\n  \"plan\": " << plan_object(plan) << ",\n  \"elapsed_s\": " << number(r.elapsed_s)
        << ",\n  \"opening_s\": " << number(opening) << ",\n  \"drained_s\": " << number(drained)
        << ",\n  \"throughput\": {\"opened_per_s\": "
        << number(opening > 0 ? static_cast<double>(s.opened) / opening : 0.0)
        << ", \"routed_per_s\": "
        << number(drained > 0 ? static_cast<double>(routings(s)) / drained : 0.0) << "}"
        << ",\n  \"counts\": " << counts_object(r)
        << ",\n  \"latency_us\": {\"routing\": " << latency(s.routing)
        << ", \"relay\": " << latency(s.relay) << "}"
        << ",\n  \"problems\": " << problems_object(r) << ",\n  \"errors\": " << strings(s.errors)
        << ",\n  \"examples\": " << strings(r.verdict.examples) << "\n}\n";
    return out.str();
}

}  // namespace switchboard::tools
