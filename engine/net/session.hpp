// One gateway connection's protocol (issue "Server", proto/README.md), without the socket: bytes
// in, frames handled, bytes out. The server's I/O thread owns a Session per connection, reads
// into prepare()/commit(), calls process(), and writes output(); tests drive it the same way.
//
// The session enforces what the protocol promises before anything reaches the engine: Hello
// first, a known protocol version, a token from the config whose gateway id matches, and every
// later frame for a tenant that token may act for. Errors go back as Error frames; the ones the
// protocol marks closing (framing, authentication) put the session in kClosing, after which it
// reads nothing more and the server closes once the output is written.
//
// Backpressure: events are handed to the engine in batches of up to 64 (and at the end of each
// process() call, and before any Ping, Ack or Resend) without waiting; when the engine takes
// only part, the rest stays pending and the session stops decoding (wants_read() is false)
// until a later process() gets it in. It also stops while more than max_buffered_bytes
// of output wait for the socket (a gateway that does not read).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/result.hpp"
#include "engine/config/snapshot.hpp"
#include "engine/net/client_codec.hpp"
#include "engine/net/framing.hpp"
#include "engine/net/messages.hpp"
#include "engine/net/server_codec.hpp"
#include "engine/runtime/submission.hpp"

namespace switchboard::net {

// What a session needs from the server around it. Called from the session's I/O thread.
class SessionHost {
  public:
    virtual ~SessionHost() = default;
    // Hands a prefix of `batch` to the engine without waiting; returns its length.
    virtual std::size_t submit(std::span<runtime::Submission> batch) = 0;
    virtual base::Status ack(std::string_view tenant, std::string_view agent,
                             std::uint64_t seq) = 0;
    // Redelivers the agent's unacknowledged deliveries (to this session, via write_delivery).
    virtual base::Status resend(std::string_view tenant, std::string_view agent) = 0;
};

enum class SessionState : std::uint8_t { kAwaitingHello, kReady, kClosing };

class Session {
  public:
    // `config` supplies the gateways and the server bounds; `server_version` goes in HelloOk.
    Session(std::shared_ptr<const config::Snapshot> config, std::string server_version);

    // Socket reads: a writable area of at least `min_bytes`, then how many bytes arrived.
    std::span<std::byte> prepare(std::size_t min_bytes) { return reader_.prepare(min_bytes); }
    void commit(std::size_t bytes) { reader_.commit(bytes); }

    // Handles every complete frame it can (see the backpressure note above). Returns how many.
    std::size_t process(SessionHost& host);

    SessionState state() const noexcept { return state_; }
    bool wants_read() const noexcept;
    // The gateway this connection authenticated as (nullptr before Hello).
    const config::GatewaySpec* gateway() const noexcept { return gateway_; }
    bool may_act_for(std::string_view tenant) const noexcept;
    // The tenants the authenticated gateway may act for (empty before Hello).
    std::span<const std::string_view> tenants() const noexcept { return tenants_; }
    // Events decoded but not yet taken by the engine (it was full).
    bool has_pending() const noexcept { return pending_begin_ < pending_.size(); }
    std::uint64_t errors_written() const noexcept { return errors_; }

    // Output for the socket: pending() bytes, then consume() what was written.
    FrameWriter& output() noexcept { return out_; }
    void write_delivery(std::string_view tenant, std::string_view agent,
                        const runtime::Delivery& delivery);
    void write_notice(const runtime::Notice& notice);
    void write_error(const ErrorFrame& error);

    // A config reload: later frames are checked against `config`. An authenticated session
    // whose gateway was removed or whose token changed gets a closing kUnauthenticated error;
    // otherwise it takes the gateway's new tenant list. The frame size limit stays as it was
    // when the connection opened.
    void rebind(std::shared_ptr<const config::Snapshot> config);

  private:
    void handle(ClientMessage& message, SessionHost& host);
    void handle_hello(const Hello& hello);
    void handle_ready(ClientMessage& message, SessionHost& host);
    bool flush_pending(SessionHost& host);
    const config::GatewaySpec* find_token(std::string_view token) const noexcept;

    std::shared_ptr<const config::Snapshot> config_;
    std::string server_version_;
    FrameReader reader_;
    ClientDecoder decoder_;
    ServerEncoder encoder_;
    FrameWriter out_;
    std::vector<runtime::Submission> pending_;
    std::size_t pending_begin_ = 0;
    bool stalled_ = false;  // the last submit left events pending (the engine was full)
    SessionState state_ = SessionState::kAwaitingHello;
    const config::GatewaySpec* gateway_ = nullptr;
    std::uint64_t errors_ = 0;
    std::vector<std::string_view> tenants_;  // gateway_'s tenants, sorted, for may_act_for
};

}  // namespace switchboard::net
