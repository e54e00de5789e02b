#include "bench/relay_frame.hpp"

#include <string>

#include "engine/net/framing.hpp"
#include "engine/net/server_codec.hpp"
#include "engine/runtime/output.hpp"

namespace switchboard::bench {

std::size_t relay_frame_bytes() {
    runtime::Delivery delivery;
    delivery.seq = 123'456;
    delivery.kind = runtime::DeliveryKind::kCustomerMessage;
    delivery.at = base::time_from_ms(3'600'000);
    delivery.correlation = 12'345'678;
    delivery.conversation = "c1234567";
    delivery.payload = std::string(kRelayText);
    net::FrameWriter out;
    net::ServerEncoder encoder;
    encoder.delivery("shop", "agent123", delivery, out);
    return out.pending_bytes();
}

}  // namespace switchboard::bench
