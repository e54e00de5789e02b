// The pure parts of `switchboard loadgen`: the histogram's percentiles against a sorted-vector
// oracle, the ledger and the sequence check catching what they are for (a gap, a duplicate, a
// lost conversation), the plan's parsing and id scheme, the progress line.
#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tools/loadgen_histogram.hpp"
#include "tools/loadgen_ledger.hpp"
#include "tools/loadgen_plan.hpp"
#include "tools/loadgen_progress.hpp"

namespace switchboard::tools {
namespace {

// Nearest rank, as LatencyRecorder::quantile defines it.
std::int64_t oracle(std::vector<std::int64_t> v, double q) {
    std::sort(v.begin(), v.end());
    const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size())));
    return v[std::max<std::size_t>(rank, 1) - 1];
}

void expect_close_to_oracle(const std::vector<std::int64_t>& samples, std::uint64_t seed) {
    LatencyRecorder h;
    for (const auto s : samples) h.record(s);
    for (const double q : {0.001, 0.5, 0.9, 0.99, 0.999, 1.0}) {
        const auto truth = static_cast<double>(oracle(samples, q));
        const auto got = static_cast<double>(h.quantile(q));
        EXPECT_LE(std::abs(got - truth), truth * LatencyRecorder::kRelativeError)
            << "q=" << q << " seed=" << seed;
    }
    EXPECT_EQ(h.count(), samples.size());
    EXPECT_EQ(h.max(), *std::max_element(samples.begin(), samples.end()));
    EXPECT_EQ(h.min(), *std::min_element(samples.begin(), samples.end()));
}

TEST(LatencyRecorder, PercentilesMatchASortedVectorWithinTheRelativeError) {
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        std::mt19937_64 rng(seed);
        std::lognormal_distribution<double> latency(std::log(50'000.0), 1.5);  // ~50 µs, long tail
        std::vector<std::int64_t> samples(1 + rng() % 20'000);
        for (auto& s : samples) s = static_cast<std::int64_t>(latency(rng));
        expect_close_to_oracle(samples, seed);
    }
}

TEST(LatencyRecorder, SmallValuesAreExactAndHugeOnesFit) {
    expect_close_to_oracle({0, 1, 2, 3, 255, 256, 257}, 0);
    expect_close_to_oracle({std::int64_t{1} << 62, 7, 1'000'000'000'000}, 0);
}

TEST(LatencyRecorder, MergeEqualsRecordingEverythingInOne) {
    LatencyRecorder a, b, all;
    for (std::int64_t v = 1; v < 100'000; v += 37) {
        (v % 2 == 0 ? a : b).record(v);
        all.record(v);
    }
    a.merge(b);
    for (const double q : {0.5, 0.9, 0.99, 0.999}) EXPECT_EQ(a.quantile(q), all.quantile(q));
    EXPECT_EQ(a.count(), all.count());
    EXPECT_EQ(a.max(), all.max());
}

TEST(LatencyRecorder, EmptyReportsZero) {
    const LatencyRecorder h;
    EXPECT_EQ(h.quantile(0.99), 0);
    EXPECT_EQ(h.max(), 0);
}

TEST(SequenceCheck, DetectsAGapAndADuplicate) {
    SequenceCheck seq(2);
    EXPECT_EQ(seq.check(0, 1), SequenceCheck::Seq::kNext);
    EXPECT_EQ(seq.check(0, 2), SequenceCheck::Seq::kNext);
    EXPECT_EQ(seq.check(0, 4), SequenceCheck::Seq::kGap);
    EXPECT_EQ(seq.check(0, 5), SequenceCheck::Seq::kNext);  // a gap counts once
    EXPECT_EQ(seq.check(0, 5), SequenceCheck::Seq::kDuplicate);
    EXPECT_EQ(seq.check(1, 1), SequenceCheck::Seq::kNext);  // per agent
    EXPECT_EQ(seq.gaps(), 1u);
    EXPECT_EQ(seq.duplicates(), 1u);
    EXPECT_EQ(seq.last(0), 5u);
}

std::string id_of(std::uint64_t slot) { return "c" + std::to_string(slot); }

TEST(Ledger, AServedAndClosedConversationPasses) {
    Ledger ledger(1, 4);
    ledger.opened(0, 100);
    ledger.routed(0, true);
    ledger.follow_up_sent(0, 200);
    ledger.relayed(0);
    EXPECT_TRUE(ledger.closed(0));
    EXPECT_EQ(ledger.in_flight(), 0u);
    const LedgerVerdict v = ledger.verdict(id_of);
    EXPECT_TRUE(v.ok());
    EXPECT_EQ(v.opened, 1u);
    EXPECT_EQ(v.routed, 1u);
}

TEST(Ledger, AConversationNeverAssignedNorQueuedIsLost) {
    Ledger ledger(2, 2);
    ledger.opened(2, 100);  // the second opener's first slot
    EXPECT_EQ(ledger.in_flight(), 1u);
    (void)ledger.closed(2);  // closed at the end of the run, never served
    const LedgerVerdict v = ledger.verdict(id_of);
    EXPECT_FALSE(v.ok());
    EXPECT_EQ(v.lost, 1u);
    ASSERT_EQ(v.examples.size(), 1u);
    EXPECT_EQ(v.examples[0], "c2: never assigned nor queued");
}

TEST(Ledger, AConversationHeldByTwoAgentsIsDuplicated) {
    Ledger ledger(1, 1);
    ledger.opened(0, 100);
    ledger.routed(0, true);
    ledger.routed(0, false);  // a second holder, no UNASSIGNED from the first
    (void)ledger.closed(0);
    const LedgerVerdict v = ledger.verdict(id_of);
    EXPECT_EQ(v.duplicated, 1u);
    EXPECT_FALSE(v.ok());
}

TEST(Ledger, AReassignmentAfterAMissedReplyIsNoDuplicate) {
    Ledger ledger(1, 1);
    ledger.opened(0, 100);
    ledger.routed(0, true);
    ledger.unassigned(0);
    ledger.queued(0);
    ledger.routed(0, false);
    (void)ledger.closed(0);
    const LedgerVerdict v = ledger.verdict(id_of);
    EXPECT_TRUE(v.ok());
    EXPECT_EQ(v.moved, 1u);
}

TEST(Ledger, ASecondCloseAndASecondRelayAreDuplicates) {
    Ledger ledger(1, 1);
    ledger.opened(0, 100);
    ledger.routed(0, true);
    ledger.follow_up_sent(0, 200);
    ledger.relayed(0);
    ledger.relayed(0);
    EXPECT_TRUE(ledger.closed(0));
    EXPECT_FALSE(ledger.closed(0));
    const LedgerVerdict v = ledger.verdict(id_of);
    EXPECT_EQ(v.duplicated, 1u);
    EXPECT_EQ(v.relays_duplicated, 1u);
}

TEST(Ledger, AFollowUpNeverRelayedIsLost) {
    Ledger ledger(1, 1);
    ledger.opened(0, 100);
    ledger.routed(0, true);
    ledger.follow_up_sent(0, 200);
    (void)ledger.closed(0);
    EXPECT_EQ(ledger.verdict(id_of).relays_lost, 1u);
}

TEST(Ledger, ARefusedOpenIsAccountedForNotLost) {
    Ledger ledger(1, 1);
    ledger.opened(0, 100);
    EXPECT_TRUE(ledger.open_rejected(0));
    EXPECT_EQ(ledger.in_flight(), 0u);
    const LedgerVerdict v = ledger.verdict(id_of);
    EXPECT_TRUE(v.ok());
    EXPECT_EQ(v.rejected, 1u);
}

TEST(Plan, LoopbackHostsOnly) {
    EXPECT_TRUE(check_loopback_host("127.0.0.1").ok());
    EXPECT_TRUE(check_loopback_host("localhost").ok());
    EXPECT_TRUE(check_loopback_host("::1").ok());
    EXPECT_FALSE(check_loopback_host("10.0.0.1").ok());
    EXPECT_FALSE(check_loopback_host("0.0.0.0").ok());
    EXPECT_FALSE(check_loopback_host("example.com").ok());
}

TEST(Plan, ReplyDelayForms) {
    EXPECT_EQ(parse_delay("50").value().shape, DelaySpec::Shape::kFixed);
    const DelaySpec uniform = parse_delay("20-200").value();
    EXPECT_EQ(uniform.shape, DelaySpec::Shape::kUniform);
    EXPECT_EQ(uniform.b_ms, 200);
    EXPECT_EQ(parse_delay("exp:100").value().shape, DelaySpec::Shape::kExponential);
    for (const char* bad : {"", "-5", "200-20", "x", "exp:", "1-2-3"}) {
        EXPECT_FALSE(parse_delay(bad).ok()) << bad;
    }
    std::mt19937_64 rng(1);
    for (int i = 0; i < 100; ++i) {
        const auto d = uniform.sample(rng);
        EXPECT_GE(d, std::chrono::milliseconds(20));
        EXPECT_LE(d, std::chrono::milliseconds(200));
    }
}

TEST(Plan, WithoutAConfigEveryIdentityFlagIsRequired) {
    LoadgenOptions o;
    const auto plan = make_plan(o, nullptr);
    ASSERT_FALSE(plan.ok());
    EXPECT_EQ(plan.error().message,
              "without --config, loadgen needs --port --gateway --token --tenant --skills");
}

TEST(Plan, IdsRoundTripAndForeignIdsAreNotOurs) {
    LoadgenOptions o;
    o.port = 7400;
    o.gateway = "gw";
    o.token = "token";
    o.tenant = "shop";
    o.skills = {"s"};
    o.connections = 3;
    o.agents = 4;
    o.conversations = 10;
    o.silent_share = 0.25;
    const LoadPlan plan = make_plan(o, nullptr).value();
    EXPECT_EQ(plan.per_connection(), 4u);
    EXPECT_EQ(plan.quota(0) + plan.quota(1) + plan.quota(2), 10u);
    EXPECT_EQ(plan.silent_agents(), 3u);
    EXPECT_EQ(plan.agent_of(plan.agent_name(11)), 11u);
    EXPECT_EQ(plan.slot_of(plan.conversation_id(9)), 9u);
    EXPECT_FALSE(plan.agent_of(plan.agent_name(12)).has_value());  // beyond this run's agents
    EXPECT_FALSE(plan.slot_of("someone-else-7").has_value());
    EXPECT_FALSE(plan.slot_of(plan.agent_name(1)).has_value());
}

TEST(Progress, LineShowsCountsAndRate) {
    ProgressSample s;
    s.elapsed_s = 3.2;
    s.done_fraction = 0.5;
    s.opened = 4500;
    s.routed = 4490;
    s.in_flight = 10;
    s.rate_per_s = 1403;
    EXPECT_EQ(format_progress(s),
              "   3.2 s [##########----------]  50%  sent 4500  assigned 4490  in flight 10  "
              "1403/s");
}

TEST(Progress, RateCoversTheLastSecond) {
    RateWindow rate(1.0);
    for (int t = 0; t <= 30; ++t) rate.add(t * 0.1, static_cast<std::uint64_t>(t) * 100);
    EXPECT_DOUBLE_EQ(rate.rate(), 1000.0);
}

}  // namespace
}  // namespace switchboard::tools
