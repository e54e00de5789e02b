#include "engine/config/yaml_reader.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <system_error>
#include <unordered_map>

namespace switchboard::config {
namespace {

std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

// Narrow ranges read best whole ("1..64"); for wide ones only the side that was crossed matters.
std::string range_text(std::int64_t min, std::int64_t max, bool below) {
    constexpr std::int64_t kWide = 1'000'000;
    if (max / 2 - min / 2 <= kWide / 2) return std::to_string(min) + ".." + std::to_string(max);
    if (below) return ">= " + std::to_string(min);
    return "<= " + std::to_string(max);
}

// The scalar text of `field`, or nullptr after reporting "expected <expected>, got ...".
const std::string* scalar_or_report(Diagnostics& diag, const Field& field,
                                    std::string_view expected) {
    if (field.node.IsScalar()) return &field.node.Scalar();
    diag.error(field.where, field.path,
               "expected " + std::string(expected) + ", got " + describe(field.node));
    return nullptr;
}

std::optional<std::int64_t> read_int(Diagnostics& diag, const Field& field, std::int64_t min,
                                     std::int64_t max, std::string_view expected) {
    const std::string* text = scalar_or_report(diag, field, expected);
    if (text == nullptr) return std::nullopt;
    std::int64_t value = 0;
    const char* end = text->data() + text->size();
    const auto [ptr, ec] = std::from_chars(text->data(), end, value);
    if (ec == std::errc::result_out_of_range) {
        const bool below = text->front() == '-';
        diag.error(field.where, field.path,
                   "out of range, expected " + range_text(min, max, below) + ", got " + *text);
        return std::nullopt;
    }
    if (ec != std::errc{} || ptr != end) {
        diag.error(field.where, field.path,
                   "expected " + std::string(expected) + ", got " + quoted(*text));
        return std::nullopt;
    }
    if (value < min || value > max) {
        diag.error(
            field.where, field.path,
            "out of range, expected " + range_text(min, max, value < min) + ", got " + *text);
        return std::nullopt;
    }
    return value;
}

bool is_identifier_byte(char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte > 0x20 && byte != 0x7f;
}

std::optional<std::string> read_bounded_text(Diagnostics& diag, const Field& field,
                                             std::string_view expected, std::size_t max_bytes) {
    const std::string* text = scalar_or_report(diag, field, expected);
    if (text == nullptr) return std::nullopt;
    if (text->empty()) {
        diag.error(field.where, field.path, "expected " + std::string(expected) + ", got ''");
        return std::nullopt;
    }
    if (text->size() > max_bytes) {
        diag.error(field.where, field.path,
                   "too long, expected at most " + std::to_string(max_bytes) + " bytes, got " +
                       std::to_string(text->size()));
        return std::nullopt;
    }
    return *text;
}

}  // namespace

Location location_of(const YAML::Mark& mark, Location fallback) {
    if (mark.is_null()) return fallback;
    return Location{mark.line + 1, mark.column + 1};
}

std::string child_path(std::string_view parent, std::string_view key) {
    if (parent.empty()) return std::string(key);
    std::string path(parent);
    path.push_back('.');
    path.append(key);
    return path;
}

std::string item_path(std::string_view parent, std::size_t index) {
    return std::string(parent) + "[" + std::to_string(index) + "]";
}

std::string describe(const YAML::Node& node) {
    switch (node.Type()) {
        case YAML::NodeType::Scalar:
            return quoted(node.Scalar());
        case YAML::NodeType::Sequence:
            return "a list";
        case YAML::NodeType::Map:
            return "a mapping";
        case YAML::NodeType::Null:
        case YAML::NodeType::Undefined:
            break;
    }
    return "an empty value";
}

std::optional<std::int64_t> Int::operator()(Diagnostics& diag, const Field& field) const {
    return read_int(diag, field, min, max, "an integer");
}

std::optional<base::Duration> Millis::operator()(Diagnostics& diag, const Field& field) const {
    const auto ms = read_int(diag, field, min_ms, kMaxDurationMs, "whole milliseconds");
    if (!ms) return std::nullopt;
    return base::Duration{*ms};
}

std::optional<bool> Bool::operator()(Diagnostics& diag, const Field& field) const {
    const std::string* text = scalar_or_report(diag, field, "true or false");
    if (text == nullptr) return std::nullopt;
    if (*text == "true" || *text == "True" || *text == "TRUE") return true;
    if (*text == "false" || *text == "False" || *text == "FALSE") return false;
    diag.error(field.where, field.path, "expected true or false, got " + quoted(*text));
    return std::nullopt;
}

std::optional<double> Fraction::operator()(Diagnostics& diag, const Field& field) const {
    const std::string* text = scalar_or_report(diag, field, "a fraction in [0, 1)");
    if (text == nullptr) return std::nullopt;
    double value = 0.0;
    const char* end = text->data() + text->size();
    const auto [ptr, ec] = std::from_chars(text->data(), end, value);
    if (ec != std::errc{} || ptr != end || !std::isfinite(value)) {
        diag.error(field.where, field.path, "expected a fraction in [0, 1), got " + quoted(*text));
        return std::nullopt;
    }
    if (value < 0.0 || value >= 1.0) {
        diag.error(field.where, field.path, "out of range, expected 0 <= x < 1, got " + *text);
        return std::nullopt;
    }
    return value;
}

std::optional<std::string> Name::operator()(Diagnostics& diag, const Field& field) const {
    auto name = read_bounded_text(diag, field, "a name", kMaxNameBytes);
    if (!name) return std::nullopt;
    for (const char c : *name) {
        if (!is_identifier_byte(c)) {
            diag.error(
                field.where, field.path,
                "expected a name without spaces or control characters, got " + quoted(*name));
            return std::nullopt;
        }
    }
    return name;
}

std::optional<std::string> Text::operator()(Diagnostics& diag, const Field& field) const {
    return read_bounded_text(diag, field, "a text", kMaxTextBytes);
}

std::optional<std::size_t> read_choice(Diagnostics& diag, const Field& field,
                                       std::span<const std::string_view> names) {
    std::string expected = "one of ";
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0) expected.push_back('|');
        expected.append(names[i]);
    }
    const std::string* text = scalar_or_report(diag, field, expected);
    if (text == nullptr) return std::nullopt;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (names[i] == *text) return i;
    }
    diag.error(field.where, field.path, "expected " + expected + ", got " + quoted(*text));
    return std::nullopt;
}

std::optional<std::vector<Field>> read_list(Diagnostics& diag, const Field& field,
                                            std::size_t min_items, std::size_t max_items) {
    if (!field.node.IsSequence()) {
        diag.error(field.where, field.path, "expected a list, got " + describe(field.node));
        return std::nullopt;
    }
    const std::size_t size = field.node.size();
    if (size < min_items || size > max_items) {
        const std::string bounds =
            max_items == std::numeric_limits<std::size_t>::max()
                ? "at least " + std::to_string(min_items)
                : std::to_string(min_items) + ".." + std::to_string(max_items);
        diag.error(field.where, field.path,
                   "expected " + bounds + " entries, got " + std::to_string(size));
        return std::nullopt;
    }
    std::vector<Field> items;
    items.reserve(size);
    for (const YAML::Node& item : field.node) {
        const std::size_t index = items.size();
        items.push_back(
            Field{item, item_path(field.path, index), location_of(item.Mark(), field.where)});
    }
    return items;
}

std::optional<std::vector<MapEntry>> read_map(Diagnostics& diag, const Field& field) {
    if (!field.node.IsMap()) {
        diag.error(field.where, field.path, "expected a mapping, got " + describe(field.node));
        return std::nullopt;
    }
    std::vector<MapEntry> entries;
    std::unordered_map<std::string, Location> seen;
    for (auto it = field.node.begin(); it != field.node.end(); ++it) {
        const Location key_at = location_of(it->first.Mark(), field.where);
        if (!it->first.IsScalar()) {
            diag.error(key_at, field.path, "expected a text key, got " + describe(it->first));
            continue;
        }
        const std::string& key = it->first.Scalar();
        const std::string path = child_path(field.path, key);
        const auto [first, inserted] = seen.emplace(key, key_at);
        if (!inserted) {
            diag.error(key_at, path, "duplicate key, first given at " + diag.at(first->second));
            continue;
        }
        // An empty value's mark is the next token, often on the next line: point at the key.
        const Location value_at =
            it->second.IsNull() ? key_at : location_of(it->second.Mark(), key_at);
        entries.push_back(
            MapEntry{key, Field{it->first, path, key_at}, Field{it->second, path, value_at}});
    }
    return entries;
}

}  // namespace switchboard::config
