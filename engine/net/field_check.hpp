// Validation of decoded fields, keeping the first problem with the field's path, e.g.
// "agent_login.skills[2].level: must be 1..10, got 0". Used by the codec only; one instance
// per message being checked. Leaf checks are pure; nothing allocates unless a check fails.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/base/result.hpp"

namespace switchboard::net {

// Why `value` is no valid id (see kMaxIdBytes), or nullopt. An empty value is reported too.
std::optional<std::string> id_problem(std::string_view value);

// `value` for a message: quoted, cut after 40 bytes, non-printable bytes as \xNN.
std::string quoted(std::string_view value);

class FieldCheck {
  public:
    // `message` names the message, as in the .proto ("agent_login").
    explicit FieldCheck(std::string_view message) : message_(message) {}

    FieldCheck& id(std::string_view field, std::string_view value);
    FieldCheck& optional_id(std::string_view field, std::string_view value);
    // `value` is element `index` of the repeated `field` (itself a `member` when not empty).
    FieldCheck& id_at(std::string_view field, std::size_t index, std::string_view member,
                      std::string_view value);
    FieldCheck& count(std::string_view field, std::size_t count, std::size_t max);
    FieldCheck& text(std::string_view field, std::string_view value, std::size_t max_bytes);
    FieldCheck& range(std::string_view field, std::uint64_t value, std::uint64_t min,
                      std::uint64_t max);
    FieldCheck& range_at(std::string_view field, std::size_t index, std::string_view member,
                         std::uint64_t value, std::uint64_t min, std::uint64_t max);
    // Records `problem` (what was expected, what came) for `field` when `ok` is false.
    FieldCheck& require(bool ok, std::string_view field, std::string_view problem);

    bool ok() const noexcept { return !problem_.has_value(); }
    // Precondition: !ok(). "<message>.<field>: <problem>".
    const std::string& problem() const;

  private:
    void fail(std::string field, std::string_view problem);

    std::string_view message_;
    std::optional<std::string> problem_;
};

}  // namespace switchboard::net
