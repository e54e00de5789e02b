// switchboard::Router: the engine for a gateway that links Switchboard as a library instead of
// talking to it over TCP (DESIGN.md §6). Start it on a configuration snapshot; every gateway
// thread connects once and submits events through its own Gateway (its own rings: no locks, no
// shared queue); one delivery thread polls the outputs, hands them to the chat front end and
// acknowledges them by per-agent sequence number.
//
//     auto router = switchboard::Router::start(snapshot).value();
//     auto gateway = router.connect().value();          // in each gateway thread
//     gateway.submit({core::CustomerMessage{...}, "hello", 42});
//     router.poll(handler);                              // in the delivery thread
//     router.ack("shop", "alice", seq);
//     router.stop();                                     // drains everything submitted
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "engine/base/result.hpp"
#include "engine/config/snapshot.hpp"
#include "engine/runtime/engine.hpp"

namespace switchboard {

using runtime::AgentStream;
using runtime::Delivery;
using runtime::DeliveryKind;
using runtime::Notice;
using runtime::NoticeKind;
using runtime::OutputHandler;
using runtime::Submission;
using runtime::SubmitStatus;

// One gateway thread's way in. Move-only; use it from one thread at a time. Closing (or
// destroying) it releases its port once the shards have taken what it submitted.
class Gateway {
  public:
    Gateway(Gateway&& other) noexcept;
    Gateway& operator=(Gateway&& other) noexcept;
    ~Gateway();

    // Never waits: kFull when the shard's ring is full (try again after the shard catches up).
    SubmitStatus try_submit(Submission& submission);
    // Waits while the ring is full (backpressure): kAccepted, kStopped or kInvalid.
    SubmitStatus submit(Submission&& submission);
    // Submits in order, waiting for room; returns how many were taken (fewer only when the
    // router stopped or an event was invalid). Moves from the taken elements.
    std::size_t submit_batch(std::span<Submission> batch);
    // Never waits: submits the prefix that fits now and returns its length. For a thread that
    // also polls the outputs (waiting there could deadlock with a shard waiting for it).
    std::size_t try_submit_batch(std::span<Submission> batch);
    void close();

    std::uint32_t id() const noexcept { return port_; }

  private:
    friend class Router;
    Gateway(std::shared_ptr<runtime::Engine> engine, std::uint32_t port);

    std::shared_ptr<runtime::Engine> engine_;
    std::uint32_t port_ = 0;
};

class Router {
  public:
    // Starts the shard threads. Errors: a snapshot without tenants.
    static base::Result<Router> start(std::shared_ptr<const config::Snapshot> snapshot);

    Router(Router&&) noexcept = default;
    Router& operator=(Router&&) noexcept = default;
    ~Router();

    // A gateway port for the calling thread. Errors: engine.max_gateways reached; stopped.
    base::Result<Gateway> connect();

    // --- The delivery thread (one at a time) ---
    std::size_t poll(OutputHandler& handler) { return engine_->reader().poll(handler); }
    void wait_for_output(std::chrono::nanoseconds timeout) { engine_->reader().wait(timeout); }
    base::Status ack(std::string_view tenant, std::string_view agent, std::uint64_t seq) {
        return engine_->reader().ack(tenant, agent, seq);
    }
    base::Status ack(AgentStream stream, std::uint64_t seq) {
        return engine_->reader().ack(stream, seq);
    }
    base::Result<std::uint64_t> resend(std::string_view tenant, std::string_view agent,
                                       OutputHandler& handler) {
        return engine_->reader().resend(tenant, agent, handler);
    }

    // Refuses new events, applies every event already submitted, stops the shard threads.
    // Outputs stay readable. Keep polling while another thread calls stop().
    void stop();

    runtime::EngineStats stats() const { return engine_->stats(); }
    runtime::Engine& engine() noexcept { return *engine_; }

  private:
    explicit Router(std::shared_ptr<runtime::Engine> engine) : engine_(std::move(engine)) {}

    std::shared_ptr<runtime::Engine> engine_;
};

}  // namespace switchboard
