#include "engine/admin/prometheus.hpp"

#include <array>
#include <cmath>
#include <limits>

#include <gtest/gtest.h>

namespace switchboard::admin::prometheus {
namespace {

TEST(Prometheus, EmptyWriterWritesNothing) { EXPECT_EQ(Writer{}.text(), ""); }

TEST(Prometheus, CounterWithoutLabels) {
    Writer w;
    w.counter("sb_events_total", "Events applied.", 42);
    EXPECT_EQ(w.text(),
              "# HELP sb_events_total Events applied.\n"
              "# TYPE sb_events_total counter\n"
              "sb_events_total 42\n");
}

TEST(Prometheus, HelpAndTypeOncePerFamily) {
    Writer w;
    w.gauge("sb_depth", "Waiting.", 3, {{"queue", "a"}});
    w.gauge("sb_depth", "Waiting.", 0, {{"queue", "b"}});
    EXPECT_EQ(w.text(),
              "# HELP sb_depth Waiting.\n"
              "# TYPE sb_depth gauge\n"
              "sb_depth{queue=\"a\"} 3\n"
              "sb_depth{queue=\"b\"} 0\n");
}

TEST(Prometheus, InterleavedFamiliesStayGroupedInFirstUseOrder) {
    Writer w;
    w.counter("sb_a_total", "A.", 1, {{"shard", "0"}});
    w.gauge("sb_b", "B.", 2);
    w.counter("sb_a_total", "A.", 3, {{"shard", "1"}});
    EXPECT_EQ(w.text(),
              "# HELP sb_a_total A.\n"
              "# TYPE sb_a_total counter\n"
              "sb_a_total{shard=\"0\"} 1\n"
              "sb_a_total{shard=\"1\"} 3\n"
              "# HELP sb_b B.\n"
              "# TYPE sb_b gauge\n"
              "sb_b 2\n");
}

TEST(Prometheus, SeveralLabelsKeepTheirOrder) {
    Writer w;
    w.gauge("sb_q", "Q.", 1, {{"tenant", "shop"}, {"queue", "returns"}, {"tier", "vip"}});
    EXPECT_EQ(w.text(),
              "# HELP sb_q Q.\n"
              "# TYPE sb_q gauge\n"
              "sb_q{tenant=\"shop\",queue=\"returns\",tier=\"vip\"} 1\n");
}

TEST(Prometheus, LabelValuesAreEscaped) {
    Writer w;
    w.gauge("sb_x", "X.", 1, {{"tenant", "a\\b\"c\nd"}});
    EXPECT_EQ(w.text(),
              "# HELP sb_x X.\n"
              "# TYPE sb_x gauge\n"
              "sb_x{tenant=\"a\\\\b\\\"c\\nd\"} 1\n");
}

TEST(Prometheus, HelpTextEscapesBackslashAndNewlineOnly) {
    Writer w;
    w.gauge("sb_x", "a \"quoted\" \\ help\nsecond line", 1);
    EXPECT_EQ(w.text(),
              "# HELP sb_x a \"quoted\" \\\\ help\\nsecond line\n"
              "# TYPE sb_x gauge\n"
              "sb_x 1\n");
}

TEST(Prometheus, HistogramWritesCumulativeBucketsInfSumAndCount) {
    Writer w;
    const std::array<Bucket, 3> buckets{{{0.001, 2, {}}, {0.01, 5, {}}, {0.1, 7, {}}}};
    w.histogram("sb_latency_seconds", "Latency.", buckets, 0.25, 8, {{"shard", "0"}});
    EXPECT_EQ(w.text(),
              "# HELP sb_latency_seconds Latency.\n"
              "# TYPE sb_latency_seconds histogram\n"
              "sb_latency_seconds_bucket{shard=\"0\",le=\"0.001\"} 2\n"
              "sb_latency_seconds_bucket{shard=\"0\",le=\"0.01\"} 5\n"
              "sb_latency_seconds_bucket{shard=\"0\",le=\"0.1\"} 7\n"
              "sb_latency_seconds_bucket{shard=\"0\",le=\"+Inf\"} 8\n"
              "sb_latency_seconds_sum{shard=\"0\"} 0.25\n"
              "sb_latency_seconds_count{shard=\"0\"} 8\n");
}

TEST(Prometheus, HistogramBucketMayNameItsBoundInItsOwnDecimal) {
    Writer w;
    const std::array<Bucket, 2> buckets{{{0.000001, 1, "0.000001"}, {0.000002, 3, {}}}};
    w.histogram("sb_h", "H.", buckets, 0.000004, 3);
    EXPECT_EQ(w.text(),
              "# HELP sb_h H.\n"
              "# TYPE sb_h histogram\n"
              "sb_h_bucket{le=\"0.000001\"} 1\n"
              "sb_h_bucket{le=\"2e-06\"} 3\n"
              "sb_h_bucket{le=\"+Inf\"} 3\n"
              "sb_h_sum 4e-06\n"
              "sb_h_count 3\n");
}

TEST(Prometheus, HistogramWithoutLabelsOrBucketsStillHasInf) {
    Writer w;
    w.histogram("sb_h", "H.", {}, 0, 0);
    EXPECT_EQ(w.text(),
              "# HELP sb_h H.\n"
              "# TYPE sb_h histogram\n"
              "sb_h_bucket{le=\"+Inf\"} 0\n"
              "sb_h_sum 0\n"
              "sb_h_count 0\n");
}

TEST(Prometheus, CountersPrintEveryDigitOfLargeValues) {
    Writer w;
    w.counter("sb_big_total", "Big.", std::numeric_limits<std::uint64_t>::max());
    EXPECT_NE(w.text().find("sb_big_total 18446744073709551615\n"), std::string::npos);
}

TEST(Prometheus, ValuesUseShortestDecimalAndSpecialNames) {
    EXPECT_EQ(format_value(3.0), "3");
    EXPECT_EQ(format_value(0.005), "0.005");
    EXPECT_EQ(format_value(-2.5), "-2.5");
    EXPECT_EQ(format_value(std::numeric_limits<double>::infinity()), "+Inf");
    EXPECT_EQ(format_value(-std::numeric_limits<double>::infinity()), "-Inf");
    EXPECT_EQ(format_value(std::nan("")), "NaN");
}

TEST(PrometheusDeathTest, FamilyCannotChangeType) {
    Writer w;
    w.counter("sb_x_total", "X.", 1);
    EXPECT_DEATH(w.gauge("sb_x_total", "X.", 1), "");
}

TEST(PrometheusDeathTest, InvalidMetricNameIsABug) {
    Writer w;
    EXPECT_DEATH(w.gauge("1bad", "X.", 1), "");
}

}  // namespace
}  // namespace switchboard::admin::prometheus
