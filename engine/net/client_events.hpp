// The nine event messages of client.proto <-> core::Event. Internal to the codec (it names
// generated protobuf types); client_codec.cpp handles the session-control messages.
#pragma once

#include <string_view>

#include "engine/base/result.hpp"
#include "engine/net/messages.hpp"

#include "switchboard/v1/client.pb.h"

namespace switchboard::net {

// Precondition: `frame` carries an event body (agent_login .. close_conversation).
// Errors (kInvalidArgument) name the field: "customer_message.tenant: must not be empty".
base::Result<runtime::Submission> decode_event(const v1::ClientFrame& frame,
                                               const DecodeLimits& limits);

// Precondition: `event` is not a core::Tick. `payload` becomes CustomerMessage.text.
void encode_event(const core::Event& event, std::string_view payload, v1::ClientFrame& frame);

}  // namespace switchboard::net
