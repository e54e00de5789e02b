// The gateway codec's cost per frame, the I/O thread's share of every event (issue "Server",
// item 11): decoding a customer message as the server does (parse, validate every field, build
// the engine's Submission) and encoding an ASSIGNED delivery, against the textbook use of
// generated code in the same binary: one message object reused with Clear(), whose oneof body,
// and the body's strings, are deleted and allocated again on every frame. Decoding has three
// contenders: ours (ClientDecoder::decode: a customer message goes through the wire-level
// decoder, hot_frames.hpp), our generated path (decode_generated: the generated message on a
// FrameArena), and the reused message. All run the same field checks and build the same
// Submission. Encoding likewise: ours (ServerEncoder::delivery, written by hand), our generated
// path (delivery_generated, on a FrameArena) and the reused message; all write the same bytes.
// Counters: allocs = operator new calls per frame.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <benchmark/benchmark.h>

#include "engine/net/client_codec.hpp"
#include "engine/net/client_events.hpp"
#include "engine/net/framing.hpp"
#include "engine/net/server_codec.hpp"
#include "engine/runtime/output.hpp"

#include "bench/alloc_counter.hpp"
#include "switchboard/v1/server.pb.h"

namespace sb = switchboard;

namespace {

// A new conversation's first message, as server_bench's gateway sends it.
std::vector<std::byte> customer_message_frame() {
    sb::net::ClientEncoder encoder;
    sb::net::FrameWriter out;
    encoder.encode(
        sb::runtime::Submission{
            sb::core::CustomerMessage{"shop", "c1234567", "customer-42", "vip", {"returns"}},
            "hi, where is my parcel?", 1234567},
        out);
    sb::net::FrameReader reader(1 << 20);
    reader.append(out.pending());
    const auto body = reader.next().value().value();  // the body, without its length prefix
    return {body.begin(), body.end()};
}

sb::runtime::Delivery assigned_delivery() {
    sb::runtime::Delivery d;
    d.seq = 123'456;
    d.kind = sb::runtime::DeliveryKind::kAssigned;
    d.at = sb::base::time_from_ms(3'600'000);
    d.correlation = 1234567;
    d.conversation = "c1234567";
    d.payload = "hi, where is my parcel?";
    return d;
}

void count_allocations(benchmark::State& state, std::uint64_t before) {
    state.counters["allocs"] = benchmark::Counter(double(sb::bench::allocations_now() - before),
                                                  benchmark::Counter::kAvgIterations);
    state.SetItemsProcessed(state.iterations());
}

// Decodes the customer message frame with `decode` (a ClientDecoder member) every iteration.
template <auto decode>
void bm_decode_with(benchmark::State& state) {
    const auto frame = customer_message_frame();
    sb::net::ClientDecoder decoder;
    const auto before = sb::bench::allocations_now();
    for (auto _ : state) {
        auto decoded = (decoder.*decode)(frame);
        benchmark::DoNotOptimize(decoded.ok());
    }
    count_allocations(state, before);
}

void BM_decode_customer_message_ours(benchmark::State& state) {
    bm_decode_with<&sb::net::ClientDecoder::decode>(state);
}

void BM_decode_customer_message_generated(benchmark::State& state) {
    bm_decode_with<&sb::net::ClientDecoder::decode_generated>(state);
}

void BM_decode_customer_message_reused_message(benchmark::State& state) {
    const auto frame = customer_message_frame();
    sb::v1::ClientFrame message;
    const sb::net::DecodeLimits limits;
    const auto before = sb::bench::allocations_now();
    for (auto _ : state) {
        if (!message.ParseFromArray(frame.data(), static_cast<int>(frame.size()))) {
            state.SkipWithError("parse failed");
            break;
        }
        auto submission = sb::net::decode_event(message, limits);
        benchmark::DoNotOptimize(submission.ok());
    }
    count_allocations(state, before);
}

// Encodes the ASSIGNED delivery with `encode` (a ServerEncoder member) every iteration.
template <auto encode>
void bm_encode_with(benchmark::State& state) {
    const auto delivery = assigned_delivery();
    sb::net::ServerEncoder encoder;
    sb::net::FrameWriter out;
    const auto before = sb::bench::allocations_now();
    for (auto _ : state) {
        (encoder.*encode)("shop", "agent123", delivery, out);
        out.consume(out.pending_bytes());
    }
    count_allocations(state, before);
}

void BM_encode_assigned_ours(benchmark::State& state) {
    bm_encode_with<&sb::net::ServerEncoder::delivery>(state);
}

void BM_encode_assigned_generated(benchmark::State& state) {
    bm_encode_with<&sb::net::ServerEncoder::delivery_generated>(state);
}

void BM_encode_assigned_reused_message(benchmark::State& state) {
    const auto d = assigned_delivery();
    sb::v1::ServerFrame frame;
    sb::net::FrameWriter out;
    const auto before = sb::bench::allocations_now();
    for (auto _ : state) {
        frame.Clear();
        sb::v1::Delivery& m = *frame.mutable_delivery();
        m.set_tenant("shop");
        m.set_agent("agent123");
        m.set_seq(d.seq);
        m.set_kind(sb::v1::DELIVERY_KIND_ASSIGNED);
        m.set_assign_reason(sb::v1::ASSIGN_REASON_NEW);
        m.set_at_ms(sb::base::to_ms(d.at));
        m.set_correlation(d.correlation);
        m.set_conversation(d.conversation);
        m.set_payload(d.payload);
        const std::size_t size = frame.ByteSizeLong();
        const auto area = out.append_frame(size);
        frame.SerializeWithCachedSizesToArray(reinterpret_cast<std::uint8_t*>(area.data()));
        out.consume(out.pending_bytes());
    }
    count_allocations(state, before);
}

}  // namespace

BENCHMARK(BM_decode_customer_message_ours);
BENCHMARK(BM_decode_customer_message_generated);
BENCHMARK(BM_decode_customer_message_reused_message);
BENCHMARK(BM_encode_assigned_ours);
BENCHMARK(BM_encode_assigned_generated);
BENCHMARK(BM_encode_assigned_reused_message);

BENCHMARK_MAIN();
