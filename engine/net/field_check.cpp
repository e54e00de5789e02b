#include "engine/net/field_check.hpp"

#include <algorithm>
#include <cstdio>

#include "engine/net/messages.hpp"

namespace switchboard::net {

namespace {

constexpr std::size_t kQuoteBytes = 40;

bool forbidden_in_id(unsigned char c) noexcept { return c <= 0x20 || c == 0x7f; }

std::string indexed(std::string_view field, std::size_t index, std::string_view member) {
    std::string name(field);
    name += '[';
    name += std::to_string(index);
    name += ']';
    if (!member.empty()) {
        name += '.';
        name += member;
    }
    return name;
}

std::string range_problem(std::uint64_t value, std::uint64_t min, std::uint64_t max) {
    return "must be " + std::to_string(min) + ".." + std::to_string(max) + ", got " +
           std::to_string(value);
}

}  // namespace

std::string quoted(std::string_view value) {
    std::string out = "'";
    const std::size_t shown = std::min(value.size(), kQuoteBytes);
    for (std::size_t i = 0; i < shown; ++i) {
        const auto c = static_cast<unsigned char>(value[i]);
        if (c < 0x20 || c == 0x7f || c == '\'' || c == '\\') {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02x", c);
            out += hex;
        } else {
            out += static_cast<char>(c);
        }
    }
    out += '\'';
    if (shown < value.size()) out += "... (" + std::to_string(value.size()) + " bytes)";
    return out;
}

std::optional<std::string> id_problem(std::string_view value) {
    if (value.empty()) return "must not be empty";
    if (value.size() > kMaxIdBytes) {
        return "must be at most " + std::to_string(kMaxIdBytes) + " bytes, got " +
               std::to_string(value.size()) + " bytes: " + quoted(value);
    }
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (forbidden_in_id(static_cast<unsigned char>(value[i]))) {
            return "must not contain spaces or control characters, got byte " +
                   std::to_string(static_cast<unsigned char>(value[i])) + " at offset " +
                   std::to_string(i) + " in " + quoted(value);
        }
    }
    return std::nullopt;
}

FieldCheck& FieldCheck::id(std::string_view field, std::string_view value) {
    if (!ok()) return *this;
    if (auto problem = id_problem(value)) fail(std::string(field), *problem);
    return *this;
}

FieldCheck& FieldCheck::optional_id(std::string_view field, std::string_view value) {
    if (value.empty()) return *this;
    return id(field, value);
}

FieldCheck& FieldCheck::id_at(std::string_view field, std::size_t index, std::string_view member,
                              std::string_view value) {
    if (!ok()) return *this;
    if (auto problem = id_problem(value)) fail(indexed(field, index, member), *problem);
    return *this;
}

FieldCheck& FieldCheck::count(std::string_view field, std::size_t count, std::size_t max) {
    if (!ok() || count <= max) return *this;
    fail(std::string(field),
         "must have at most " + std::to_string(max) + " entries, got " + std::to_string(count));
    return *this;
}

FieldCheck& FieldCheck::text(std::string_view field, std::string_view value,
                             std::size_t max_bytes) {
    if (!ok() || value.size() <= max_bytes) return *this;
    fail(std::string(field), "must be at most " + std::to_string(max_bytes) + " bytes, got " +
                                 std::to_string(value.size()));
    return *this;
}

FieldCheck& FieldCheck::range(std::string_view field, std::uint64_t value, std::uint64_t min,
                              std::uint64_t max) {
    if (!ok() || (value >= min && value <= max)) return *this;
    fail(std::string(field), range_problem(value, min, max));
    return *this;
}

FieldCheck& FieldCheck::range_at(std::string_view field, std::size_t index, std::string_view member,
                                 std::uint64_t value, std::uint64_t min, std::uint64_t max) {
    if (!ok() || (value >= min && value <= max)) return *this;
    fail(indexed(field, index, member), range_problem(value, min, max));
    return *this;
}

FieldCheck& FieldCheck::require(bool good, std::string_view field, std::string_view problem) {
    if (ok() && !good) fail(std::string(field), problem);
    return *this;
}

const std::string& FieldCheck::problem() const {
    SB_ASSERT(problem_.has_value());
    return *problem_;
}

void FieldCheck::fail(std::string field, std::string_view problem) {
    SB_ASSERT(ok());
    std::string text(message_);
    text += '.';
    text += field;
    text += ": ";
    text += problem;
    problem_ = std::move(text);
}

}  // namespace switchboard::net
