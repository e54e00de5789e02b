#include "tools/loadgen_report.hpp"

#include <cstdio>
#include <sstream>

#include "engine/core/actions.hpp"
#include "engine/runtime/output.hpp"

namespace switchboard::tools {
namespace {

std::string fmt(const char* format, double value) {
    char text[64];
    std::snprintf(text, sizeof text, format, value);
    return text;
}

// 123 ns, 45.6 us, 1.23 ms, 2.5 s: three significant digits, as the histogram promises.
std::string duration_text(std::int64_t ns) {
    const double v = static_cast<double>(ns);
    if (ns < 1000) return fmt("%.0f ns", v);
    if (ns < 1'000'000) return fmt("%.3g us", v / 1e3);
    if (ns < 1'000'000'000) return fmt("%.3g ms", v / 1e6);
    return fmt("%.3g s", v / 1e9);
}

double seconds_between(std::int64_t from_ns, std::int64_t to_ns) {
    return from_ns == 0 || to_ns <= from_ns ? 0.0 : static_cast<double>(to_ns - from_ns) / 1e9;
}

double per_second(std::uint64_t n, double seconds) {
    return seconds > 0 ? static_cast<double>(n) / seconds : 0.0;
}

std::string latency_line(const char* what, const LatencyRecorder& h) {
    std::ostringstream out;
    out << what << " (n=" << h.count() << "):";
    if (h.count() == 0) return out.str() + " no samples";
    out << " p50 " << duration_text(h.quantile(0.5)) << "  p90 " << duration_text(h.quantile(0.9))
        << "  p99 " << duration_text(h.quantile(0.99)) << "  p99.9 "
        << duration_text(h.quantile(0.999)) << "  max " << duration_text(h.max());
    return out.str();
}

std::string reasons_text(const ConnectionStats& s) {
    std::ostringstream out;
    for (std::size_t r = 0; r < s.assign_reasons.size(); ++r) {
        out << (r == 0 ? "" : ", ") << core::to_string(static_cast<core::AssignReason>(r)) << " "
            << s.assign_reasons[r];
    }
    return out.str();
}

std::string verdict_line(const RunResult& r) {
    const ConnectionStats& s = r.stats;
    const LedgerVerdict& v = r.verdict;
    std::ostringstream out;
    if (r.aborted) {
        // Outputs of the last moments were never read: the ledger cannot tell lost from unseen.
        out << "verdict: FAIL: aborted after " << v.opened
            << " conversations; the ledger is incomplete, nothing was verified\n";
        return out.str();
    }
    out << "verdict: " << (r.passed() ? "PASS" : "FAIL") << ": " << v.opened << " conversations, "
        << v.lost << " lost, " << v.duplicated + v.relays_duplicated << " duplicated, "
        << s.seq_gaps + s.seq_duplicates + v.out_of_order << " out of sequence, " << v.unclosed
        << " unclosed, " << v.relays_lost << " relays lost, " << s.unacked << " unacked, "
        << s.protocol_errors + s.unexpected_rejections + s.failed_connections << " errors"
        << (r.interrupted ? " (interrupted)" : "") << "\n";
    return out.str();
}

}  // namespace

std::uint64_t routings(const ConnectionStats& s) {
    std::uint64_t n = s.offers;
    for (const auto r : s.assign_reasons) n += r;
    return n;
}

std::string describe_plan(const LoadPlan& p) {
    std::ostringstream out;
    out << "switchboard loadgen: " << p.host << ":" << p.port << " gateway " << p.gateway
        << " tenant " << p.tenant << ": " << p.connections << " connections x "
        << p.agents_per_connection << " agents (" << p.silent_agents() << " silent, capacity "
        << (p.capacity ? std::to_string(*p.capacity) : std::string("default")) << "), "
        << p.conversations << " conversations at "
        << (p.rate > 0 ? fmt("%.0f/s", p.rate) : std::string("max rate")) << " (window "
        << p.window_per_connection << "/connection), " << p.follow_ups
        << " follow-up(s), reply delay " << fmt("%.0f", p.reply_delay.a_ms)
        << (p.reply_delay.shape == DelaySpec::Shape::kUniform
                ? "-" + fmt("%.0f", p.reply_delay.b_ms)
                : std::string(p.reply_delay.shape == DelaySpec::Shape::kFixed ? "" : " mean"))
        << " ms, at most " << fmt("%.1f", std::chrono::duration<double>(p.duration).count())
        << " s, seed " << p.seed << ", ids " << p.run_prefix << "*\n";
    return out.str();
}

std::string text_report(const LoadPlan& plan, const RunResult& r) {
    const ConnectionStats& s = r.stats;
    const LedgerVerdict& v = r.verdict;
    const double opening = seconds_between(s.traffic_start_ns, s.opening_end_ns);
    const double drained = seconds_between(s.traffic_start_ns, s.drained_ns);
    std::ostringstream out;
    out << "  opened     " << s.opened << " conversations in " << fmt("%.2f", opening)
        << " s: " << fmt("%.0f", per_second(s.opened, opening)) << "/s";
    if (plan.rate > 0 && per_second(s.opened, opening) < 0.95 * plan.rate) {
        // Open conversations are bounded by the window: a slow server (or slow agents) holds
        // the rate down instead of piling up work.
        out << " (behind the target " << fmt("%.0f", plan.rate)
            << "/s: the window was full; see --window, --capacity, --reply-delay-ms)";
    }
    out << "\n";
    out << "  routed     " << routings(s) << " times (" << reasons_text(s) << "; offered "
        << s.offers << ", accepted " << s.accepted
        << "): " << fmt("%.0f", per_second(routings(s), drained)) << "/s until drained at "
        << fmt("%.2f", drained) << " s\n";
    out << "  outcomes   " << v.routed << " served, " << v.queued << " queued first, " << v.moved
        << " moved (missed reply, offer timeout, away), " << v.overflowed << " overflowed, "
        << v.rejected << " refused; " << v.closed << " closed (" << s.cleanup_closes
        << " by loadgen at the end)\n";
    std::uint64_t deliveries = 0;
    for (const auto d : s.deliveries) deliveries += d;
    out << "  agents     " << s.replies << " replies, " << s.follow_ups << " follow-ups, "
        << s.accepts << " accepts; " << deliveries << " deliveries in " << s.acks
        << " acks; notices: queued " << s.notices[0] << ", closed " << s.notices[1] << ", rejected "
        << s.notices[2] << " (" << s.stale_rejections << " stale), escalated " << s.notices[3]
        << ", overflowed " << s.notices[7] << "\n";
    out << "  latency    " << latency_line("customer message -> ASSIGNED/OFFERED", s.routing)
        << "\n";
    out << "             " << latency_line("follow-up -> CUSTOMER_MESSAGE", s.relay) << "\n";
    if (s.foreign + s.outbox_overflows > 0) {
        out << "  note       " << s.foreign
            << " outputs about ids of another run (left as they are), " << s.outbox_overflows
            << " outbox overflows (unsequenced deliveries)\n";
    }
    for (const auto& e : s.errors) out << "  error      " << e << "\n";
    if (!r.aborted) {
        for (const auto& e : v.examples) out << "  problem    " << e << "\n";
    }
    if (v.lost > 0 && !r.aborted) {
        out << "  hint       a conversation routed to an agent outside this run is never seen: "
               "is another gateway (or an aborted earlier run) serving tenant "
            << plan.tenant << "?\n";
    }
    out << verdict_line(r);
    return out.str();
}

}  // namespace switchboard::tools
