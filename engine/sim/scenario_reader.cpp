#include "engine/sim/scenario_reader.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <string>
#include <system_error>

namespace switchboard::sim {
namespace {

using config::Diagnostics;
using config::Field;
using config::MapReader;

// Quantities beyond a year in ms (or a million as a factor) are typing mistakes, and the bound
// keeps every `now + delay` far from overflow.
constexpr double kMaxQuantity = static_cast<double>(config::kMaxDurationMs);

constexpr auto kKinds = std::to_array<std::pair<std::string_view, QuantityKind>>({
    {"fixed", QuantityKind::kFixed},
    {"exponential", QuantityKind::kExponential},
    {"lognormal", QuantityKind::kLognormal},
    {"uniform", QuantityKind::kUniform},
});
constexpr auto kKeysMs = std::to_array<std::string_view>(
    {"distribution", "value_ms", "mean_ms", "median_ms", "spread", "min_ms", "max_ms"});
constexpr auto kKeysPlain = std::to_array<std::string_view>(
    {"distribution", "value", "mean", "median", "spread", "min", "max"});

std::string number_text(double x) {
    // Whole bounds read best as integers: "0..10000000", not "0..1e+07".
    if (x == std::floor(x) && std::fabs(x) < 1e15) {
        return std::to_string(static_cast<std::int64_t>(x));
    }
    char buf[32];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, x);
    return ec == std::errc{} ? std::string(buf, end) : std::string("?");
}

// The keys each kind needs (besides "distribution"), by their unit-less stem.
bool key_applies(QuantityKind kind, std::string_view stem, bool has_median) {
    switch (kind) {
        case QuantityKind::kFixed:
            return stem == "value";
        case QuantityKind::kExponential:
            return stem == "mean";
        case QuantityKind::kLognormal:
            return stem == "spread" || stem == (has_median ? "median" : "mean");
        case QuantityKind::kUniform:
            return stem == "min" || stem == "max";
    }
    return false;
}

void report_extra_keys(const MapReader& map, QuantityKind kind, std::string_view unit,
                       std::string_view kind_name) {
    const bool has_median = map.find(std::string("median") + std::string(unit)).has_value();
    for (const std::string_view stem : {"value", "mean", "median", "spread", "min", "max"}) {
        const std::string key = stem == "spread" ? "spread" : std::string(stem) + std::string(unit);
        const auto field = map.find(key);
        if (!field || key_applies(kind, stem, has_median)) continue;
        map.diag().error(field->where, field->path,
                         "does not apply to distribution '" + std::string(kind_name) + "'");
    }
}

}  // namespace

std::optional<double> Number::operator()(Diagnostics& diag, const Field& field) const {
    if (!field.node.IsScalar()) {
        diag.error(field.where, field.path,
                   "expected a number, got " + config::describe(field.node));
        return std::nullopt;
    }
    const std::string& text = field.node.Scalar();
    double value = 0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc{} || ptr != end || !std::isfinite(value)) {
        diag.error(field.where, field.path, "expected a number, got '" + text + "'");
        return std::nullopt;
    }
    if (value < min || value > max) {
        diag.error(field.where, field.path,
                   "out of range, expected " + number_text(min) + ".." + number_text(max) +
                       ", got " + text);
        return std::nullopt;
    }
    return value;
}

SourceRef ref_of(const Diagnostics& diag, const Field& field) {
    return SourceRef{diag.at(field.where), field.path};
}

void read_quantity(Diagnostics& diag, const Field& field, std::string_view unit,
                   RandomQuantity& out) {
    const bool ms = !unit.empty();
    const MapReader map(diag, field,
                        ms ? std::span<const std::string_view>(kKeysMs)
                           : std::span<const std::string_view>(kKeysPlain));
    if (!map.is_mapping()) return;
    const auto key = [&](std::string_view stem) { return std::string(stem) + std::string(unit); };
    RandomQuantity q;
    if (!map.read_required("distribution", q.kind, config::OneOf<QuantityKind>{kKinds})) return;
    const std::string_view kind_name = kKinds[static_cast<std::size_t>(q.kind)].first;
    report_extra_keys(map, q.kind, unit, kind_name);
    const Number non_negative{0, kMaxQuantity};
    switch (q.kind) {
        case QuantityKind::kFixed:
            map.read_required(key("value"), q.value, non_negative);
            break;
        case QuantityKind::kExponential:
            map.read_required(key("mean"), q.value, Number{1e-9, kMaxQuantity});
            break;
        case QuantityKind::kLognormal:
            map.read_required("spread", q.spread, Number{0, 5});
            if (!map.read(key("median"), q.value, Number{1e-9, kMaxQuantity})) {
                // Given by its mean: median = mean / exp(sigma^2 / 2).
                double mean = 0;
                if (map.read_required(key("mean"), mean, Number{1e-9, kMaxQuantity})) {
                    q.value = mean / std::exp(q.spread * q.spread / 2);
                }
            }
            break;
        case QuantityKind::kUniform:
            map.read_required(key("min"), q.min, non_negative);
            map.read_required(key("max"), q.max, non_negative);
            if (q.max < q.min) {
                diag.error(field.where, field.path,
                           key("max") + " must be >= " + key("min") + ", got " +
                               number_text(q.max) + " < " + number_text(q.min));
            }
            break;
    }
    out = q;
}

void read_quantity_key(const MapReader& map, std::string_view key, std::string_view unit,
                       RandomQuantity& out) {
    if (const auto field = map.find(key)) read_quantity(map.diag(), *field, unit, out);
}

}  // namespace switchboard::sim
