#include "engine/net/session.hpp"

#include <algorithm>
#include <utility>
#include <variant>

#include "engine/runtime/placement.hpp"

namespace switchboard::net {
namespace {

// Events are handed to the engine in batches of this many (or fewer at the end of a read).
constexpr std::size_t kSubmitBatch = 64;

// Compares without an early exit, so the time taken does not tell how much of a token matched.
bool same_token(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    unsigned char diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    }
    return diff == 0;
}

ErrorFrame error_frame(WireError code, std::string message, std::uint64_t correlation) {
    return ErrorFrame{code, std::move(message), correlation, closes_connection(code)};
}

std::uint64_t correlation_of(const ClientMessage& message) {
    return std::visit([](const auto& m) { return m.correlation; }, message);
}

}  // namespace

Session::Session(std::shared_ptr<const config::Snapshot> config, std::string server_version)
    : config_(std::move(config)),
      server_version_(std::move(server_version)),
      reader_(config_->server.max_frame_bytes) {}

bool Session::wants_read() const noexcept {
    return state_ != SessionState::kClosing && pending_begin_ == pending_.size() &&
           out_.pending_bytes() <= config_->server.max_buffered_bytes;
}

bool Session::may_act_for(std::string_view tenant) const noexcept {
    return std::binary_search(tenants_.begin(), tenants_.end(), tenant);
}

std::size_t Session::process(SessionHost& host) {
    std::size_t handled = 0;
    while (state_ != SessionState::kClosing) {
        // A batch the engine did not take whole is retried before anything more is decoded; a
        // batch still being gathered waits for kSubmitBatch events or the end of the input.
        if (stalled_ && !flush_pending(host)) return handled;                  // the engine is full
        if (out_.pending_bytes() > config_->server.max_buffered_bytes) break;  // then flush
        auto frame = reader_.next();
        if (!frame.ok()) {
            write_error(framing_error(frame.error()));
            break;
        }
        if (!frame.value()) break;  // need more bytes
        Decoded decoded = decoder_.decode(*frame.value());
        ++handled;
        if (!decoded.ok()) {
            write_error(decoded.error());
            continue;
        }
        handle(decoded.value(), host);
    }
    flush_pending(host);
    return handled;
}

void Session::handle(ClientMessage& message, SessionHost& host) {
    if (state_ == SessionState::kReady) {
        handle_ready(message, host);
        return;
    }
    if (const auto* hello = std::get_if<Hello>(&message)) {
        handle_hello(*hello);
        return;
    }
    write_error(error_frame(WireError::kUnauthenticated, "the first frame must be Hello",
                            correlation_of(message)));
}

void Session::handle_hello(const Hello& hello) {
    if (hello.protocol_version != kProtocolVersion) {
        write_error(error_frame(WireError::kUnsupportedVersion,
                                "protocol version " + std::to_string(hello.protocol_version) +
                                    " is not supported; this server speaks " +
                                    std::to_string(kProtocolVersion),
                                hello.correlation));
        return;
    }
    const config::GatewaySpec* gateway = find_token(hello.token);
    if (gateway == nullptr || gateway->id != hello.gateway_id) {
        // One message for both cases: which part was wrong is not the client's business.
        write_error(error_frame(WireError::kUnauthenticated,
                                "unknown token for gateway '" + hello.gateway_id + "'",
                                hello.correlation));
        return;
    }
    gateway_ = gateway;
    tenants_.assign(gateway->tenants.begin(), gateway->tenants.end());
    std::sort(tenants_.begin(), tenants_.end());
    state_ = SessionState::kReady;
    encoder_.hello_ok(HelloOk{kProtocolVersion, server_version_, config_->version}, out_);
}

void Session::handle_ready(ClientMessage& message, SessionHost& host) {
    const std::uint64_t correlation = correlation_of(message);
    // Control frames act after the events before them went to the engine (a Pong says every
    // earlier event was taken), unless the engine is full: then they act at once.
    if (!std::holds_alternative<runtime::Submission>(message)) flush_pending(host);
    const auto forbidden = [&](std::string_view tenant) {
        if (may_act_for(tenant)) return false;
        write_error(error_frame(
            WireError::kForbiddenTenant,
            "gateway '" + gateway_->id + "' may not act for tenant '" + std::string(tenant) + "'",
            correlation));
        return true;
    };
    if (std::holds_alternative<Hello>(message)) {
        write_error(
            error_frame(WireError::kInvalidField, "hello: already authenticated", correlation));
    } else if (std::holds_alternative<Ping>(message)) {
        encoder_.pong(Pong{correlation}, out_);
    } else if (auto* ack = std::get_if<Ack>(&message)) {
        if (forbidden(ack->tenant)) return;
        if (auto status = host.ack(ack->tenant, ack->agent, ack->seq); !status.ok()) {
            const bool unknown = status.error().code == base::ErrorCode::kNotFound;
            write_error(error_frame(unknown ? WireError::kUnknownAgent : WireError::kInvalidAck,
                                    status.error().message, correlation));
        }
    } else if (auto* resend = std::get_if<Resend>(&message)) {
        if (forbidden(resend->tenant)) return;
        if (auto status = host.resend(resend->tenant, resend->agent); !status.ok()) {
            write_error(error_frame(WireError::kUnknownAgent, status.error().message, correlation));
        }
    } else if (auto* submission = std::get_if<runtime::Submission>(&message)) {
        if (forbidden(runtime::event_tenant(submission->event).value_or(""))) return;
        pending_.push_back(std::move(*submission));
        if (pending_.size() - pending_begin_ >= kSubmitBatch) flush_pending(host);
    }
}

bool Session::flush_pending(SessionHost& host) {
    if (pending_begin_ == pending_.size()) return true;
    const std::span<runtime::Submission> rest(pending_.data() + pending_begin_,
                                              pending_.size() - pending_begin_);
    pending_begin_ += host.submit(rest);
    stalled_ = pending_begin_ < pending_.size();
    if (stalled_) return false;
    pending_.clear();
    pending_begin_ = 0;
    return true;
}

const config::GatewaySpec* Session::find_token(std::string_view token) const noexcept {
    const config::GatewaySpec* found = nullptr;
    for (const auto& gateway : config_->gateways) {
        if (same_token(gateway.token, token)) found = &gateway;  // no early exit either
    }
    return found;
}

void Session::rebind(std::shared_ptr<const config::Snapshot> config) {
    const config::GatewaySpec* gateway = nullptr;
    if (gateway_ != nullptr) {
        for (const auto& g : config->gateways) {
            if (g.id == gateway_->id) gateway = &g;
        }
        if (gateway == nullptr || !same_token(gateway->token, gateway_->token)) {
            write_error(error_frame(WireError::kUnauthenticated,
                                    "gateway '" + gateway_->id +
                                        "' was removed or its token changed by a config reload",
                                    0));
            gateway = nullptr;
        }
    }
    // Before dropping the old snapshot: gateway_ and tenants_ point into it.
    config_ = std::move(config);
    gateway_ = gateway;
    tenants_.clear();
    if (gateway_ != nullptr) {
        tenants_.assign(gateway_->tenants.begin(), gateway_->tenants.end());
        std::sort(tenants_.begin(), tenants_.end());
    }
}

void Session::write_delivery(std::string_view tenant, std::string_view agent,
                             const runtime::Delivery& delivery) {
    encoder_.delivery(tenant, agent, delivery, out_);
}

void Session::write_notice(const runtime::Notice& notice) { encoder_.notice(notice, out_); }

void Session::write_error(const ErrorFrame& error) {
    encoder_.error(error, out_);
    ++errors_;
    if (error.closing) state_ = SessionState::kClosing;
}

}  // namespace switchboard::net
