#include "bench/server_bench_gateway.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <type_traits>
#include <variant>

#include "bench/relay_frame.hpp"
#include "bench/server_bench_child.hpp"

namespace switchboard::bench {

using namespace std::chrono_literals;

namespace {

constexpr std::uint64_t kSyncCorrelation = 0xFFFF'FFFF;
constexpr std::uint64_t kFirstProbe = 1;  // probes are numbered from here, below kSyncCorrelation
// One message in 25 is a sample (~10,000 Pings/s at half load, a few percent of the frames):
// several per millisecond of the run, too few to change the load much.
constexpr std::size_t kProbeEvery = 25;
// Conversations (or relays) in flight: 80% of the agents' total capacity, so routing never
// queues, and far below the per-agent outbox bound (256) when spread over 200 agents.
constexpr std::size_t kWindow = kBenchAgents * kBenchCapacity * 8 / 10;
// With the window full, the client waits this long for the server's next frame instead of
// asking the socket again at once: a spinning client takes a core the server needs.
constexpr auto kFullWindowWait = 1ms;

double micros(Clock::duration d) { return std::chrono::duration<double, std::micro>(d).count(); }

}  // namespace

Gateway::Gateway(std::uint16_t port)
    : client_(net::GatewayClient::connect("127.0.0.1", port).value()) {
    auto ok = client_->hello(kBenchGateway, kBenchToken);
    if (!ok.ok()) {
        std::fprintf(stderr, "hello: %s\n", ok.error().message.c_str());
        std::exit(1);
    }
    for (int a = 0; a < kBenchAgents; ++a) {
        client_->send(runtime::Submission{
            core::AgentLogin{"shop", agent(a), {{"s", 5}}, {}, kBenchCapacity}, "", 0});
    }
    sync();
}

// A Ping/Pong round trip: everything sent before it has been read by the server.
void Gateway::sync() {
    client_->send(net::Ping{kSyncCorrelation});
    (void)client_->flush();
    for (;;) {
        auto next = client_->next(10s);
        if (!next.ok() || !next.value()) {
            std::fprintf(stderr, "sync: no pong\n");
            std::exit(1);
        }
        if (auto* p = std::get_if<net::Pong>(&*next.value());
            p && p->correlation == kSyncCorrelation)
            return;
        handle(*next.value());
    }
}

double Gateway::ingest(std::size_t frames) {
    const auto start = Clock::now();
    for (std::size_t i = 0; i < frames; ++i) {
        client_->send(runtime::Submission{
            core::AgentCapacityChange{"shop", agent(int(i % kBenchAgents)), kBenchCapacity}, "",
            0});
        if (i % kBatch == kBatch - 1) (void)client_->flush();
    }
    sync();
    return double(frames) / std::chrono::duration<double>(Clock::now() - start).count();
}

double Gateway::route(double rate, Clock::duration duration, bool record_latency) {
    const auto start = Clock::now();
    const auto end = start + duration;
    const std::uint64_t assigned_before = assigned_;
    auto next_open = start;
    const auto gap =
        rate > 0
            ? std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / rate))
            : Clock::duration(0);
    std::size_t since_probe = 0;
    while (Clock::now() < end) {
        int sent = 0;
        const auto now = Clock::now();
        while (open_ < kWindow && sent < kBatch && (rate == 0 || next_open <= now)) {
            // Every kProbeEvery-th message is a sample, by count, so each message is as likely
            // to be one whatever the size of its write; its probe follows it in the same write.
            const bool probed = record_latency && ++since_probe == kProbeEvery;
            open(record_latency ? now : Clock::time_point{}, probed ? probes_.size() : kNoProbe);
            if (probed) {
                client_->send(net::Ping{kFirstProbe + probes_.size()});
                probes_.push_back(Probe{now, {}, {}});
                since_probe = 0;
            }
            next_open += gap;
            ++sent;
        }
        flush_acks();
        (void)client_->flush();
        // Paced: sleep in ppoll until a frame arrives or the next open is due, so the client
        // does not take a core from the server. At saturation: just look, unless the window is
        // full and nothing can be sent before an assignment arrives.
        auto wait = open_ < kWindow ? Clock::duration(0) : Clock::duration(kFullWindowWait);
        if (rate > 0) wait = std::max(Clock::duration(0), next_open - Clock::now());
        receive(wait);
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    drain();
    if (record_latency) match_probes();
    return double(assigned_ - assigned_before) / seconds;
}

void Gateway::reserve_samples(double rate, Clock::duration duration) {
    const double seconds = std::chrono::duration<double>(duration).count();
    const auto messages = static_cast<std::size_t>(rate * seconds * 1.25) + kWindow;
    const std::size_t probes = messages / kProbeEvery + 1;
    const auto touch = [](auto& v, std::size_t n) {
        using T = typename std::decay_t<decltype(v)>::value_type;
        v.assign(n, T{});
        v.clear();
    };
    touch(sent_at_, messages);
    touch(assign_latency_us_, messages);
    touch(probes_, probes);
    touch(sampled_assign_latency_us_, probes);
    touch(ping_latency_us_, probes);
    touch(engine_added_us_, probes);
}

// Each probe's round trip is its message's loopback + I/O-thread baseline, and how much later
// the message's assignment arrived than the probe's Pong is what the engine added to it.
void Gateway::match_probes() {
    for (const Probe& p : probes_) {
        if (p.assigned == Clock::time_point{}) continue;  // the message was not assigned
        if (p.pong == Clock::time_point{}) {
            ++unanswered_probes_;  // drain() synced, so this should stay 0
            continue;
        }
        sampled_assign_latency_us_.push_back(micros(p.assigned - p.sent));
        ping_latency_us_.push_back(micros(p.pong - p.sent));
        engine_added_us_.push_back(micros(p.assigned - p.pong));
    }
    probes_.clear();
}

double Gateway::relay(std::size_t conversations, Clock::duration duration) {
    keep_assigned_ = true;
    open_kept(conversations);
    const auto start = Clock::now();
    const auto end = start + duration;
    const std::uint64_t relayed_before = relayed_;
    while (Clock::now() < end) {
        for (int sent = 0; open_ < kWindow && sent < kBatch; ++sent) relay_one();
        flush_acks();
        (void)client_->flush();
        receive(open_ < kWindow ? Clock::duration(0) : Clock::duration(kFullWindowWait));
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    const double rate = double(relayed_ - relayed_before) / seconds;
    drain();
    for (const std::uint64_t id : kept_) {
        client_->send(
            runtime::Submission{core::CloseConversation{"shop", "c" + std::to_string(id)}, "", 0});
    }
    kept_.clear();
    keep_assigned_ = false;
    sync();
    return rate;
}

// Opens the relay phase's conversations and waits (bounded) until every one is assigned.
void Gateway::open_kept(std::size_t conversations) {
    for (std::size_t i = 0; i < conversations; ++i) {
        kept_.push_back(next_id_ + 1);
        open(Clock::time_point{});
        if (i % kBatch == kBatch - 1) (void)client_->flush();
    }
    drain();
    if (open_ != 0) {
        std::fprintf(stderr, "relay: %zu conversations not assigned\n", open_);
        std::exit(1);
    }
}

void Gateway::relay_one() {
    const std::uint64_t id = kept_[next_kept_++ % kept_.size()];
    client_->send(
        runtime::Submission{core::CustomerMessage{"shop", "c" + std::to_string(id), "", "", {"s"}},
                            std::string(kRelayText), ++next_id_});
    ++open_;
}

void Gateway::open(Clock::time_point stamp, std::size_t probe) {
    const std::uint64_t id = ++next_id_;
    client_->send(runtime::Submission{
        core::CustomerMessage{"shop", "c" + std::to_string(id), "", "", {"s"}}, "hi", id});
    if (stamp != Clock::time_point{}) sent_at_.push_back(Sent{id, stamp, probe});
    ++open_;
}

void Gateway::handle(net::ServerMessage& m) {
    if (auto* d = std::get_if<net::DeliveryFrame>(&m)) {
        auto& seq = acks_[d->agent];
        seq = std::max(seq, d->delivery.seq);
        if (d->delivery.kind == runtime::DeliveryKind::kAssigned) assigned(*d);
        if (d->delivery.kind == runtime::DeliveryKind::kCustomerMessage) {
            if (d->delivery.payload.size() != kRelayText.size()) {
                std::fprintf(stderr, "relay: a delivery without the message's text\n");
                std::exit(1);
            }
            ++relayed_;
            --open_;
        }
    } else if (auto* p = std::get_if<net::Pong>(&m)) {
        const std::uint64_t probe = p->correlation - kFirstProbe;
        if (p->correlation >= kFirstProbe && probe < probes_.size())
            probes_[probe].pong = client_->received_at();
    } else if (auto* e = std::get_if<net::ErrorFrame>(&m)) {
        std::fprintf(stderr, "server error: %s\n", e->message.c_str());
        std::exit(1);
    }
}

void Gateway::assigned(const net::DeliveryFrame& d) {
    ++assigned_;
    --open_;
    const std::uint64_t id = d.delivery.correlation;
    if (!sent_at_.empty()) {
        const auto it = std::lower_bound(sent_at_.begin(), sent_at_.end(), id,
                                         [](const Sent& e, std::uint64_t v) { return e.id < v; });
        if (it != sent_at_.end() && it->id == id) {
            const auto now = client_->received_at();
            assign_latency_us_.push_back(micros(now - it->stamp));
            if (it->probe != kNoProbe) probes_[it->probe].assigned = now;
        }
    }
    if (keep_assigned_) return;
    client_->send(
        runtime::Submission{core::CloseConversation{"shop", d.delivery.conversation}, "", 0});
}

// Handles every frame that arrives within `wait`, then every one already received.
void Gateway::receive(Clock::duration wait) {
    for (auto m = client_->next(wait); m.ok() && m.value(); m = client_->poll()) {
        handle(*m.value());
    }
}

void Gateway::flush_acks() {
    for (auto& [agent, seq] : acks_) client_->send(net::Ack{"shop", agent, seq, 0});
    acks_.clear();
}

// Waits (at most 10 s) for every outstanding assignment or relay, then syncs.
void Gateway::drain() {
    const auto deadline = Clock::now() + 10s;
    while (open_ > 0 && Clock::now() < deadline) {
        flush_acks();
        (void)client_->flush();
        receive(10ms);
    }
    flush_acks();
    sync();
    sent_at_.clear();
}

}  // namespace switchboard::bench
