#include "engine/net/connection.hpp"

#include <array>
#include <chrono>
#include <utility>

#include <boost/asio/write.hpp>

namespace switchboard::net {
namespace {

namespace asio = boost::asio;

// Bytes asked of the kernel per read: large enough for hundreds of small frames at once.
constexpr std::size_t kReadChunk = 64 * 1024;
// How long a closing connection may take to read its last frames before it is cut.
constexpr auto kCloseLinger = std::chrono::seconds(2);

std::string remote_of(const asio::ip::tcp::socket& socket) {
    boost::system::error_code ec;
    const auto endpoint = socket.remote_endpoint(ec);
    if (ec) return "?";
    return endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
}

}  // namespace

Connection::Connection(ConnectionOwner& owner, ConnectionId id, asio::ip::tcp::socket socket,
                       std::shared_ptr<const config::Snapshot> config, std::string server_version)
    : owner_(&owner),
      id_(id),
      socket_(std::move(socket)),
      timer_(socket_.get_executor()),
      remote_(remote_of(socket_)),
      session_(config, std::move(server_version)),
      hard_limit_(2 * static_cast<std::uint64_t>(config->server.max_buffered_bytes)),
      hello_timeout_ms_(config->server.hello_timeout_ms) {
    boost::system::error_code ignored;
    // Frames are coalesced by us; Nagle would only add latency to the last one of a burst.
    socket_.set_option(asio::ip::tcp::no_delay(true), ignored);
}

void Connection::start() {
    timer_.expires_after(std::chrono::milliseconds(hello_timeout_ms_));
    timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
        if (ec || !self->open_ || self->session_.state() != SessionState::kAwaitingHello) return;
        self->owner_->stats().add(self->owner_->stats().hello_timeouts);
        self->session_.write_error(ErrorFrame{
            WireError::kUnauthenticated,
            "no Hello within " + std::to_string(self->hello_timeout_ms_) + " ms", 0, true});
        self->count_errors();
        self->begin_close();
    });
    read();
}

void Connection::refuse(const ErrorFrame& error) {
    session_.write_error(error);
    count_errors();
    begin_close();
}

void Connection::read() {
    if (!open_ || reading_ || peer_done_) return;
    if (read_stopped_ || closing_) {
        discard();
        return;
    }
    if (!session_.wants_read()) return;
    reading_ = true;
    const auto area = session_.prepare(kReadChunk);
    socket_.async_read_some(
        asio::buffer(area.data(), area.size()),
        [self = shared_from_this()](const boost::system::error_code& ec, std::size_t bytes) {
            self->on_read(ec, bytes);
        });
}

// Once we read no more frames, bytes still arriving are read and dropped: closing a socket with
// unread input makes the kernel send a reset, and a reset makes the peer's kernel drop the frames
// we wrote last (the closing Error among them) before the gateway reads them.
void Connection::discard() {
    reading_ = true;
    static thread_local std::array<std::byte, 4096> sink;
    socket_.async_read_some(
        asio::buffer(sink),
        [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
            self->reading_ = false;
            if (!self->open_) return;
            if (ec) {
                self->peer_done_ = true;
                if (self->closing_ && self->fin_sent_) self->close();  // the peer read everything
                return;
            }
            self->read();
        });
}

void Connection::on_read(const boost::system::error_code& ec, std::size_t bytes) {
    reading_ = false;
    if (!open_) return;
    if (ec) {
        // The peer closed or reset: what was decoded still goes to the engine; a partial frame
        // after the last full one is dropped.
        peer_done_ = true;
        begin_close();
        return;
    }
    ServerStats& stats = owner_->stats();
    stats.add(stats.reads);
    stats.add(stats.bytes_in, bytes);
    if (read_stopped_ || closing_) {
        read();  // arrived after we stopped reading frames: dropped
        return;
    }
    session_.commit(bytes);
    pump();
}

void Connection::pump() {
    if (!open_) return;
    const SessionState before = session_.state();
    const std::size_t frames = session_.process(*this);
    ServerStats& stats = owner_->stats();
    stats.add(stats.frames_in, frames);
    count_errors();
    if (before == SessionState::kAwaitingHello && session_.state() == SessionState::kReady) {
        timer_.cancel();
        owner_->authenticated(*this);
    }
    if (session_.has_pending()) owner_->blocked(*this);
    flush();
    if (session_.state() == SessionState::kClosing) {
        begin_close();
        return;
    }
    read();
}

void Connection::resume() { pump(); }

void Connection::check_output_limit() {
    if (!open_) return;
    const std::uint64_t unsent = session_.output().pending_bytes() + writing_buffer_.size();
    owner_->stats().high_water(owner_->stats().max_buffered_bytes, unsent);
    if (unsent <= hard_limit_) return;
    // The gateway stopped reading while its agents' outputs kept coming. Nothing is lost for
    // good: deliveries stay unacknowledged in the outboxes and a Resend after the reconnect
    // brings them back; notices are not resent (proto/README.md).
    owner_->stats().add(owner_->stats().overload_closes);
    close();
}

void Connection::flush() {
    check_output_limit();
    if (!open_ || writing_) return;
    FrameWriter& out = session_.output();
    if (out.pending_bytes() == 0) {
        // Events decoded but not yet taken by the engine still go in before the close.
        if (closing_ && !session_.has_pending()) finish_close();
        return;
    }
    out.take(writing_buffer_);
    writing_ = true;
    asio::async_write(
        socket_, asio::buffer(writing_buffer_),
        [self = shared_from_this()](const boost::system::error_code& ec, std::size_t bytes) {
            self->on_write(ec, bytes);
        });
}

void Connection::on_write(const boost::system::error_code& ec, std::size_t bytes) {
    writing_ = false;
    ServerStats& stats = owner_->stats();
    stats.add(stats.writes);
    stats.add(stats.bytes_out, bytes);
    writing_buffer_.clear();
    if (!open_) return;
    if (ec) {
        close();
        return;
    }
    flush();
    // Writing may have brought unsent output back under the session's limit.
    if (open_ && !closing_ && !reading_) pump();
}

void Connection::rebind(std::shared_ptr<const config::Snapshot> config) {
    session_.rebind(std::move(config));
    count_errors();
    if (session_.state() == SessionState::kClosing) {
        begin_close();
    } else if (session_.state() == SessionState::kReady) {
        owner_->authenticated(*this);
    }
}

void Connection::stop_reading() {
    // A read in flight completes normally and its bytes are dropped; later ones are discarded.
    read_stopped_ = true;
}

void Connection::finish_close() {
    // Everything is written: end our side, then wait (bounded by the linger timer) for the peer
    // to close its side, so that nothing we wrote is lost to a reset.
    if (fin_sent_) return;
    fin_sent_ = true;
    boost::system::error_code ignored;
    socket_.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
    if (peer_done_) {
        close();
        return;
    }
    read();
}

void Connection::finish(const ErrorFrame& error) {
    if (!open_) return;
    session_.write_error(error);
    count_errors();
    begin_close();
}

void Connection::begin_close() {
    if (!open_ || closing_) {
        flush();
        return;
    }
    closing_ = true;
    timer_.expires_after(kCloseLinger);
    timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
        if (!ec) self->close();
    });
    flush();
    read();
}

void Connection::close() {
    if (!open_) return;
    open_ = false;
    boost::system::error_code ignored;
    timer_.cancel();
    socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
    owner_->closed(*this);
}

void Connection::count_errors() {
    const std::uint64_t now = session_.errors_written();
    owner_->stats().add(owner_->stats().error_frames, now - errors_counted_);
    errors_counted_ = now;
}

std::size_t Connection::submit(std::span<runtime::Submission> batch) {
    return owner_->submit(*this, batch);
}

base::Status Connection::ack(std::string_view tenant, std::string_view agent, std::uint64_t seq) {
    return owner_->ack(tenant, agent, seq);
}

base::Status Connection::resend(std::string_view tenant, std::string_view agent) {
    return owner_->resend(*this, tenant, agent);
}

}  // namespace switchboard::net
