// The protocol's messages as the engine sees them, free of generated protobuf types: what the
// codec decodes a ClientFrame into and encodes a ServerFrame from (proto/switchboard/v1/).
// Events travel as runtime::Submission, outputs as runtime::Delivery / runtime::Notice.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "engine/base/result.hpp"
#include "engine/runtime/output.hpp"
#include "engine/runtime/submission.hpp"

namespace switchboard::net {

// The protocol version this code speaks (Hello.protocol_version / HelloOk.protocol_version).
inline constexpr std::uint32_t kProtocolVersion = 1;

// Bounds on decoded fields. Ids: tenant, agent, conversation, customer, skill, group, tier and
// gateway ids; they are 1..kMaxIdBytes bytes with no space, control character or DEL.
inline constexpr std::size_t kMaxIdBytes = 128;
inline constexpr std::size_t kMaxTokenBytes = 256;

struct DecodeLimits {
    // CustomerMessage.text and AgentReply.text. The frame size limit applies on top.
    std::size_t max_payload_bytes = 64 * 1024;
};

struct Hello {
    std::uint32_t protocol_version = 0;
    std::string gateway_id;
    std::string token;
    std::uint64_t correlation = 0;
};

struct Ping {
    std::uint64_t correlation = 0;
};

// Cumulative: every delivery for (tenant, agent) up to and including seq is handled.
struct Ack {
    std::string tenant;
    std::string agent;
    std::uint64_t seq = 0;
    std::uint64_t correlation = 0;
};

struct Resend {
    std::string tenant;
    std::string agent;
    std::uint64_t correlation = 0;
};

// One decoded ClientFrame. Events arrive ready for the engine, correlation included.
using ClientMessage = std::variant<Hello, Ping, Ack, Resend, runtime::Submission>;

// ServerFrame.Error.code; the numbers are the wire's (ErrorCode in server.proto).
enum class WireError : std::uint8_t {
    kMalformedFrame = 1,
    kFrameTooLarge = 2,
    kUnknownMessage = 3,
    kInvalidField = 4,
    kUnauthenticated = 5,
    kUnsupportedVersion = 6,
    kForbiddenTenant = 7,
    kUnknownAgent = 8,
    kInvalidAck = 9,
    kOverloaded = 10,
    kShuttingDown = 11,
    kInternal = 12,
};

std::string_view to_string(WireError code) noexcept;
// Whether the protocol closes the connection after an error of this kind (README "Errors"):
// after a framing error the byte stream cannot be trusted; the others are per frame.
bool closes_connection(WireError code) noexcept;

struct ErrorFrame {
    WireError code = WireError::kInternal;
    std::string message;
    std::uint64_t correlation = 0;  // of the offending frame, 0 when it could not be read
    bool closing = false;
};

// The Error frame for a FrameReader failure (kResourceExhausted = oversize, else malformed).
ErrorFrame framing_error(const base::Error& error);

struct HelloOk {
    std::uint32_t protocol_version = kProtocolVersion;
    std::string server_version;
    std::uint64_t config_version = 0;
};

struct Pong {
    std::uint64_t correlation = 0;
};

struct DeliveryFrame {
    std::string tenant;
    std::string agent;
    runtime::Delivery delivery;
};

// One decoded ServerFrame (for gateways written in C++, tests and the load generator). A
// decoded Notice has gateway = 0: the port number never leaves the server.
using ServerMessage = std::variant<HelloOk, Pong, ErrorFrame, DeliveryFrame, runtime::Notice>;

}  // namespace switchboard::net
