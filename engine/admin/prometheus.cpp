#include "engine/admin/prometheus.hpp"

#include <charconv>
#include <cmath>

#include "engine/base/assert.hpp"

namespace switchboard::admin::prometheus {
namespace {

bool is_name_char(char c, bool first, bool colon_ok) {
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    const bool digit = c >= '0' && c <= '9';
    return letter || (colon_ok && c == ':') || (!first && digit);
}

bool valid_name(std::string_view name, bool colon_ok) {
    if (name.empty()) return false;
    for (std::size_t i = 0; i < name.size(); ++i) {
        if (!is_name_char(name[i], i == 0, colon_ok)) return false;
    }
    return true;
}

std::string escape_help(std::string_view help) {
    std::string out;
    out.reserve(help.size());
    for (char c : help) {
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out += c;
        }
    }
    return out;
}

// name{a="x",b="y"} or name{a="x",le="0.5"} or bare name; `le` goes last.
void append_series(std::string& out, std::string_view name, Labels labels,
                   std::string_view le = {}) {
    out += name;
    if (labels.size() == 0 && le.empty()) return;
    out += '{';
    bool first = true;
    for (const Label& label : labels) {
        SB_ASSERT(valid_name(label.name, false));
        SB_ASSERT(label.name != "le");
        if (!first) out += ',';
        first = false;
        out += label.name;
        out += "=\"";
        out += escape_label_value(label.value);
        out += '"';
    }
    if (!le.empty()) {
        if (!first) out += ',';
        out += "le=\"";
        out += le;
        out += '"';
    }
    out += '}';
}

void append_sample(std::string& out, std::string_view name, Labels labels, std::string_view value,
                   std::string_view le = {}) {
    append_series(out, name, labels, le);
    out += ' ';
    out += value;
    out += '\n';
}

}  // namespace

std::string format_value(double value) {
    if (std::isnan(value)) return "NaN";
    if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
    char buffer[32];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value);
    SB_ASSERT(ec == std::errc{});
    return std::string(buffer, end);
}

std::string escape_label_value(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    for (char c : value) {
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '"') {
            out += "\\\"";
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out += c;
        }
    }
    return out;
}

std::string_view Writer::type_name(Type type) noexcept {
    switch (type) {
        case Type::kCounter:
            return "counter";
        case Type::kGauge:
            return "gauge";
        case Type::kHistogram:
            return "histogram";
    }
    return "untyped";
}

std::string& Writer::samples_of(std::string_view family, std::string_view help, Type type) {
    SB_ASSERT(valid_name(family, true));
    const auto it = index_.find(std::string(family));
    if (it != index_.end()) {
        Family& f = families_[it->second];
        SB_ASSERT(f.type == type);
        return f.samples;
    }
    index_.emplace(std::string(family), families_.size());
    families_.push_back(Family{std::string(family), escape_help(help), type, {}});
    return families_.back().samples;
}

void Writer::counter(std::string_view family, std::string_view help, std::uint64_t value,
                     Labels labels) {
    append_sample(samples_of(family, help, Type::kCounter), family, labels, std::to_string(value));
}

void Writer::gauge(std::string_view family, std::string_view help, double value, Labels labels) {
    append_sample(samples_of(family, help, Type::kGauge), family, labels, format_value(value));
}

void Writer::histogram(std::string_view family, std::string_view help,
                       std::span<const Bucket> buckets, double sum, std::uint64_t count,
                       Labels labels) {
    std::string& out = samples_of(family, help, Type::kHistogram);
    const std::string name(family);
    for (std::size_t i = 0; i < buckets.size(); ++i) {
        SB_ASSERT(buckets[i].cumulative_count <= count);
        if (i > 0) SB_ASSERT(buckets[i - 1].upper_bound < buckets[i].upper_bound);
        if (i > 0) SB_ASSERT(buckets[i - 1].cumulative_count <= buckets[i].cumulative_count);
        append_sample(out, name + "_bucket", labels, std::to_string(buckets[i].cumulative_count),
                      buckets[i].le.empty() ? format_value(buckets[i].upper_bound)
                                            : std::string(buckets[i].le));
    }
    append_sample(out, name + "_bucket", labels, std::to_string(count), "+Inf");
    append_sample(out, name + "_sum", labels, format_value(sum));
    append_sample(out, name + "_count", labels, std::to_string(count));
}

std::string Writer::text() const {
    std::string out;
    for (const Family& f : families_) {
        out += "# HELP ";
        out += f.name;
        out += ' ';
        out += f.help;
        out += "\n# TYPE ";
        out += f.name;
        out += ' ';
        out += type_name(f.type);
        out += '\n';
        out += f.samples;
    }
    return out;
}

}  // namespace switchboard::admin::prometheus
