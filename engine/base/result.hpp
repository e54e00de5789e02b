// Errors as values at the edges (config, decoding, API calls). Result<T> is shaped like
// std::expected<T, Error>: it holds a value or an Error{code, message}. Messages say what, where,
// expected vs got, e.g. "default.yaml:42:7: tiers.vip.first_reply_ms: must be > 0, got -3".
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "engine/base/assert.hpp"

namespace switchboard::base {

enum class ErrorCode {
    kInvalidArgument,     // malformed or out-of-range input
    kNotFound,            // a named thing does not exist
    kAlreadyExists,       // a unique thing was given twice
    kFailedPrecondition,  // the request does not fit the current state
    kResourceExhausted,   // a configured bound was reached
    kIo,                  // the operating system refused (file, socket)
    kInternal,            // a library failed in a way we did not expect
};

std::string_view to_string(ErrorCode code) noexcept;

struct Error {
    ErrorCode code = ErrorCode::kInternal;
    std::string message;
};

template <typename T>
class [[nodiscard]] Result {
  public:
    Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}      // NOLINT: implicit
    Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT: implicit

    bool ok() const noexcept { return state_.index() == 0; }
    explicit operator bool() const noexcept { return ok(); }

    // Precondition: ok().
    T& value() & {
        SB_ASSERT(ok());
        return std::get<0>(state_);
    }
    const T& value() const& {
        SB_ASSERT(ok());
        return std::get<0>(state_);
    }
    T&& value() && {
        SB_ASSERT(ok());
        return std::get<0>(std::move(state_));
    }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    // Precondition: !ok().
    const Error& error() const& {
        SB_ASSERT(!ok());
        return std::get<1>(state_);
    }
    Error&& error() && {
        SB_ASSERT(!ok());
        return std::get<1>(std::move(state_));
    }

  private:
    std::variant<T, Error> state_;
};

// Result of an operation that yields nothing but success or an Error.
struct Ok {};
using Status = Result<Ok>;

}  // namespace switchboard::base
