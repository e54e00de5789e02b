#include "engine/net/messages.hpp"

namespace switchboard::net {

std::string_view to_string(WireError code) noexcept {
    switch (code) {
        case WireError::kMalformedFrame:
            return "malformed_frame";
        case WireError::kFrameTooLarge:
            return "frame_too_large";
        case WireError::kUnknownMessage:
            return "unknown_message";
        case WireError::kInvalidField:
            return "invalid_field";
        case WireError::kUnauthenticated:
            return "unauthenticated";
        case WireError::kUnsupportedVersion:
            return "unsupported_version";
        case WireError::kForbiddenTenant:
            return "forbidden_tenant";
        case WireError::kUnknownAgent:
            return "unknown_agent";
        case WireError::kInvalidAck:
            return "invalid_ack";
        case WireError::kOverloaded:
            return "overloaded";
        case WireError::kShuttingDown:
            return "shutting_down";
        case WireError::kInternal:
            return "internal";
    }
    return "unknown";
}

bool closes_connection(WireError code) noexcept {
    switch (code) {
        case WireError::kUnknownMessage:
        case WireError::kInvalidField:
        case WireError::kForbiddenTenant:
        case WireError::kUnknownAgent:
        case WireError::kInvalidAck:
            return false;
        case WireError::kMalformedFrame:
        case WireError::kFrameTooLarge:
        case WireError::kUnauthenticated:
        case WireError::kUnsupportedVersion:
        case WireError::kOverloaded:
        case WireError::kShuttingDown:
        case WireError::kInternal:
            return true;
    }
    return true;
}

ErrorFrame framing_error(const base::Error& error) {
    const WireError code = error.code == base::ErrorCode::kResourceExhausted
                               ? WireError::kFrameTooLarge
                               : WireError::kMalformedFrame;
    return ErrorFrame{code, error.message, 0, closes_connection(code)};
}

}  // namespace switchboard::net
