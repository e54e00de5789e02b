// One accepted gateway connection: the socket around a net::Session (internal to engine/net;
// the server owns every Connection and runs them all on its one I/O thread).
//
// Reads: one async read at a time into the session's frame buffer, then Session::process()
// handles every complete frame; reading pauses while the session does not want input (engine
// full, or too much unsent output) and resumes from the server's loop.
// Writes: never one write per frame. Frames accumulate in the session's FrameWriter; flush()
// hands everything pending to one async write and collects the next frames meanwhile.
// Memory bound: the session stops reading above server.max_buffered_bytes of unsent output; if
// outputs for the gateway's agents still pile up beyond twice that (a gateway that stopped
// reading), the connection is closed: deliveries stay held in the outboxes for a Resend.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "engine/config/snapshot.hpp"
#include "engine/net/output_routes.hpp"
#include "engine/net/server_stats.hpp"
#include "engine/net/session.hpp"

namespace switchboard::net {

class Connection;

// What a connection needs from the server. Called on the I/O thread.
class ConnectionOwner {
  public:
    virtual ~ConnectionOwner() = default;
    // Hands a prefix of `batch` to the engine without waiting; returns its length.
    virtual std::size_t submit(Connection& from, std::span<runtime::Submission> batch) = 0;
    virtual base::Status ack(std::string_view tenant, std::string_view agent,
                             std::uint64_t seq) = 0;
    virtual base::Status resend(Connection& from, std::string_view tenant,
                                std::string_view agent) = 0;
    virtual void authenticated(Connection& connection) = 0;
    // The engine was full: call resume() once it may have room.
    virtual void blocked(Connection& connection) = 0;
    virtual void closed(Connection& connection) = 0;
    virtual ServerStats& stats() noexcept = 0;
};

class Connection final : public std::enable_shared_from_this<Connection>, private SessionHost {
  public:
    Connection(ConnectionOwner& owner, ConnectionId id, boost::asio::ip::tcp::socket socket,
               std::shared_ptr<const config::Snapshot> config, std::string server_version);

    // Arms the hello timeout and starts reading.
    void start();
    // Refuses the connection at once: writes `error` (closing) and closes when it is written.
    void refuse(const ErrorFrame& error);

    ConnectionId id() const noexcept { return id_; }
    Session& session() noexcept { return session_; }
    const std::string& remote() const noexcept { return remote_; }
    bool open() const noexcept { return open_; }
    bool pending_input() const noexcept { return session_.has_pending(); }

    // After the server appended frames to session().output(): starts a write unless one is in
    // flight; closes the connection when unsent output passed the hard limit.
    void flush();
    // After the server appended one output: cuts a connection whose unsent output passed the
    // hard limit at once, so memory never grows past it by more than one frame.
    void check_output_limit();
    // Runs the session again: frames already read, events the engine could not take before,
    // and a read if the session wants input.
    void resume();
    // A config reload: see Session::rebind.
    void rebind(std::shared_ptr<const config::Snapshot> config);

    // Shutdown, step 1: read nothing more (events already decoded still go to the engine).
    void stop_reading();
    // Shutdown, step 2: write `error` (closing) after every pending frame, then close.
    void finish(const ErrorFrame& error);
    // Closes now, dropping unsent output.
    void close();

  private:
    std::size_t submit(std::span<runtime::Submission> batch) override;
    base::Status ack(std::string_view tenant, std::string_view agent, std::uint64_t seq) override;
    base::Status resend(std::string_view tenant, std::string_view agent) override;

    void read();
    void on_read(const boost::system::error_code& ec, std::size_t bytes);
    void on_write(const boost::system::error_code& ec, std::size_t bytes);
    void pump();
    void begin_close();
    void finish_close();
    void discard();
    void count_errors();

    ConnectionOwner* owner_;
    const ConnectionId id_;
    boost::asio::ip::tcp::socket socket_;
    boost::asio::steady_timer timer_;  // hello timeout, then the closing linger
    std::string remote_;
    Session session_;
    std::vector<std::byte> writing_buffer_;
    std::uint64_t hard_limit_;
    std::int64_t hello_timeout_ms_;
    std::uint64_t errors_counted_ = 0;
    bool open_ = true;
    bool reading_ = false;
    bool writing_ = false;
    bool closing_ = false;       // close once the output is written
    bool read_stopped_ = false;  // shutdown: frames are no longer read
    bool peer_done_ = false;     // the peer closed its side (or reset)
    bool fin_sent_ = false;      // our side is shut down after the last frame
};

}  // namespace switchboard::net
