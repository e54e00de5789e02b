// A writer of the Prometheus text exposition format, version 0.0.4: what GET /metrics returns.
// Samples are added by family; each family's HELP and TYPE lines are written once, and all of a
// family's samples are kept together in the output (the format requires it) even when the
// caller adds them interleaved with other families. Families appear in order of first use.
//
//   # HELP switchboard_events_total Events applied by the shard.
//   # TYPE switchboard_events_total counter
//   switchboard_events_total{shard="0"} 42
//
// Label values are escaped (\\, \", \n); HELP text too (\\, \n). Names are checked by assertion:
// they are written in our code, never taken from input. One writer per scrape; not thread-safe.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace switchboard::admin::prometheus {

struct Label {
    std::string_view name;
    std::string_view value;
};
using Labels = std::initializer_list<Label>;

// One histogram bucket: observations <= upper_bound, cumulative (each count includes the
// buckets below it). The +Inf bucket is not listed: it is the histogram's count. The `le` label
// is format_value(upper_bound) ("1e-06") unless `le` gives the bound's own text ("0.000001"),
// which must then denote the same number.
struct Bucket {
    double upper_bound = 0.0;
    std::uint64_t cumulative_count = 0;
    std::string_view le;
};

class Writer {
  public:
    // Preconditions for every call: `family` is a valid metric name ([a-zA-Z_:][a-zA-Z0-9_:]*),
    // label names are valid ([a-zA-Z_][a-zA-Z0-9_]*, not "le"), and a family keeps one type.
    void counter(std::string_view family, std::string_view help, std::uint64_t value,
                 Labels labels = {});
    void gauge(std::string_view family, std::string_view help, double value, Labels labels = {});
    // Writes family_bucket{...,le="..."} per bucket and le="+Inf", then family_sum and
    // family_count. Preconditions: upper bounds ascending, counts non-decreasing, all <= count.
    void histogram(std::string_view family, std::string_view help, std::span<const Bucket> buckets,
                   double sum, std::uint64_t count, Labels labels = {});

    // The whole exposition, every line ending in '\n' ("" when nothing was written).
    std::string text() const;

  private:
    enum class Type : unsigned char { kCounter, kGauge, kHistogram };
    struct Family {
        std::string name;
        std::string help;
        Type type;
        std::string samples;  // rendered sample lines
    };

    static std::string_view type_name(Type type) noexcept;
    std::string& samples_of(std::string_view family, std::string_view help, Type type);

    std::vector<Family> families_;
    std::unordered_map<std::string, std::size_t> index_;
};

// A sample value as the format writes it: shortest round-trip decimal, "+Inf", "-Inf", "NaN".
std::string format_value(double value);
std::string escape_label_value(std::string_view value);

}  // namespace switchboard::admin::prometheus
