#include "tools/loadgen_connection.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

namespace switchboard::tools {
namespace {

using namespace std::chrono_literals;

constexpr std::uint64_t kBatch = 256;  // opens per pass before reading again
constexpr auto kPhasePoll = 5ms;       // how often shared phases are looked at
constexpr auto kStartTimeout = std::chrono::seconds(10);
constexpr auto kCleanupTimeout = std::chrono::seconds(5);

// GatewayClient::connect speaks IPv4 only; ::1 gets its socket here.
base::Result<std::unique_ptr<net::GatewayClient>> connect_loopback(const LoadPlan& plan) {
    if (plan.host != "::1") {
        return net::GatewayClient::connect(plan.host, plan.port, plan.max_frame_bytes);
    }
    sockaddr_in6 sa{};
    sa.sin6_family = AF_INET6;
    sa.sin6_port = htons(plan.port);
    sa.sin6_addr = in6addr_loopback;
    const int fd = ::socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || ::connect(fd, reinterpret_cast<const sockaddr*>(&sa), sizeof sa) != 0) {
        base::Error error{base::ErrorCode::kIo, "connect to [::1]:" + std::to_string(plan.port) +
                                                    ": " + std::strerror(errno)};
        if (fd >= 0) ::close(fd);
        return error;
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return std::make_unique<net::GatewayClient>(fd, plan.max_frame_bytes);
}

}  // namespace

ConnectionDriver::ConnectionDriver(std::uint32_t index, RunShared& run)
    : index_(index),
      run_(run),
      plan_(run.plan),
      ledger_(run.ledger),
      rng_(run.plan.seed * 0x9E3779B97F4A7C15ull + index + 1),
      first_agent_(index * run.plan.agents_per_connection),
      seq_(run.plan.agents_per_connection),
      acked_(run.plan.agents_per_connection, 0),
      is_dirty_(run.plan.agents_per_connection, false),
      first_slot_(index * run.plan.per_connection()),
      quota_(run.plan.quota(index)) {
    for (std::uint32_t a = 0; a < plan_.agents_per_connection; ++a) {
        agent_names_.push_back(plan_.agent_name(first_agent_ + a));
    }
    for (const auto& s : plan_.agent_skills) grants_.push_back(core::SkillGrant{s, 5});
    if (plan_.rate > 0) {
        gap_ = std::chrono::duration_cast<Clock::duration>(
            std::chrono::duration<double>(plan_.connections / plan_.rate));
    }
}

std::int64_t ConnectionDriver::ns(Clock::time_point t) noexcept {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

bool ConnectionDriver::silent(std::uint32_t agent) const noexcept {
    return plan_.silent[first_agent_ + agent];
}

ConnectionStats ConnectionDriver::run() {
    if (auto started = start(); !started.ok()) {
        fail(started.error().message);
    } else {
        arrive(Phases::kReady);
        loop();
    }
    for (std::uint8_t p = 0; p < Phases::kCount; ++p) arrive(static_cast<Phases::Phase>(p));
    finish_stats();
    return std::move(stats_);
}

base::Status ConnectionDriver::start() {
    auto client = connect_loopback(plan_);
    if (!client.ok()) return client.error();
    client_ = std::move(client).value();
    if (auto hello = client_->hello(plan_.gateway, plan_.token); !hello.ok()) {
        return hello.error();
    }
    for (std::uint32_t a = 0; a < plan_.agents_per_connection; ++a) {
        send_event(core::AgentLogin{plan_.tenant, agent_names_[a], grants_, plan_.agent_groups,
                                    plan_.capacity},
                   "", Correlation{Cause::kLogin, first_agent_ + a, 0});
    }
    begin_sync();
    if (auto sent = client_->flush(); !sent.ok()) return sent.error();
    const auto deadline = Clock::now() + kStartTimeout;
    while (sync_seen_ < sync_sent_ && !done_) {
        if (Clock::now() >= deadline) {
            return base::Error{base::ErrorCode::kIo, "no answer to the logins within 10 s"};
        }
        if (!read_frames(kPhasePoll)) break;
    }
    if (done_) return base::Error{base::ErrorCode::kIo, "the connection failed while logging in"};
    return base::Ok{};
}

void ConnectionDriver::loop() {
    while (!done_) {
        if (run_.abort.load(std::memory_order_relaxed)) {
            // Agents stay logged in when a connection just closes, and would take (and hold)
            // the conversations of the next run: close what is open and log out on the way.
            close_leftovers();
            log_out();
            (void)client_->flush();
            fail("aborted before the run had finished");
            return;
        }
        const auto now = Clock::now();
        advance(now);
        if (done_) break;
        if (active_) run_timers(now);
        if (state_ == State::kTraffic) open_due(now);
        send_acks();
        if (auto sent = client_->flush(); !sent.ok()) {
            fail(sent.error().message);
            return;
        }
        if (!read_frames(wait_budget(Clock::now()))) return;
    }
}

void ConnectionDriver::advance(Clock::time_point now) {
    switch (state_) {
        case State::kReady:
            if (!run_.phases.all(Phases::kReady)) return;
            state_ = State::kTraffic;
            traffic_end_ = now + plan_.duration;
            next_open_ = now;
            stats_.traffic_start_ns = ns(now);
            return;
        case State::kTraffic:
            if (opened_ < quota_ && now < traffic_end_ &&
                !run_.stop_opening.load(std::memory_order_relaxed)) {
                return;
            }
            stats_.opening_end_ns = ns(now);
            arrive(Phases::kOpened);
            state_ = State::kDraining;
            return;
        case State::kDraining:
            advance_draining(now);
            return;
        case State::kQuiescing:
            if (sync_seen_ < sync_sent_) return;
            arrive(Phases::kQuiet);
            state_ = State::kQuiet;
            return;
        case State::kQuiet:
            if (!run_.phases.all(Phases::kQuiet)) return;
            close_leftovers();
            cleanup_deadline_ = now + kCleanupTimeout;
            state_ = State::kCleaning;
            return;
        case State::kCleaning:
            if (ledger_.opened_count(index_) > ledger_.finished_count(index_) &&
                now < cleanup_deadline_) {
                return;
            }
            arrive(Phases::kClean);
            state_ = State::kCleaned;
            return;
        case State::kCleaned:
            if (!run_.phases.all(Phases::kClean)) return;
            log_out();
            begin_sync();
            state_ = State::kLoggingOut;
            return;
        case State::kLoggingOut:
            if (sync_seen_ < sync_sent_) return;
            send_acks();
            (void)client_->flush();
            state_ = State::kDone;
            done_ = true;
            return;
        case State::kDone:
            return;
    }
}

// Everyone has stopped opening: wait for the conversations in flight to finish, at most the
// drain time, then stop acting and make sure the server has read everything sent so far, so the
// closes of the next phase cannot overtake a follow-up (which would open the id anew).
void ConnectionDriver::advance_draining(Clock::time_point now) {
    if (!run_.phases.all(Phases::kOpened)) return;
    if (drain_deadline_ == Clock::time_point{}) drain_deadline_ = now + plan_.drain;
    if (ledger_.in_flight() > 0 && now < drain_deadline_) return;
    stats_.drained_ns = ns(now);
    active_ = false;
    timers_ = {};
    begin_sync();
    state_ = State::kQuiescing;
}

void ConnectionDriver::open_due(Clock::time_point now) {
    for (std::uint64_t n = 0; n < kBatch && opened_ < quota_; ++n) {
        if (plan_.rate > 0 && next_open_ > now) return;
        const std::uint64_t in_flight =
            ledger_.opened_count(index_) - ledger_.finished_count(index_);
        if (in_flight >= plan_.window_per_connection) return;
        open_one(now);
        next_open_ += gap_;
    }
}

void ConnectionDriver::open_one(Clock::time_point now) {
    const std::uint64_t slot = first_slot_ + opened_;
    const auto& skills = plan_.conversation_skills[std::uniform_int_distribution<std::size_t>(
        0, plan_.conversation_skills.size() - 1)(rng_)];
    std::string tier;
    if (!plan_.tiers.empty()) {
        tier =
            plan_
                .tiers[std::uniform_int_distribution<std::size_t>(0, plan_.tiers.size() - 1)(rng_)];
    }
    // Stamped before the send: the ASSIGNED may be read by another connection's thread first.
    ledger_.opened(slot, ns(now));
    send_event(core::CustomerMessage{plan_.tenant, plan_.conversation_id(slot),
                                     plan_.run_prefix + "u" + std::to_string(slot), tier, skills},
               "Hello, I have a question about my order", Correlation{Cause::kOpen, slot, 0});
    ++opened_;
    ++stats_.opened;
    run_.live[index_].opened.store(opened_, std::memory_order_relaxed);
}

void ConnectionDriver::close_leftovers() {
    for (std::uint64_t s = first_slot_; s < first_slot_ + opened_; ++s) {
        if (ledger_.finished(s)) continue;
        send_event(core::CloseConversation{plan_.tenant, plan_.conversation_id(s)}, "",
                   Correlation{Cause::kCleanup, s, 0});
        ++stats_.cleanup_closes;
    }
}

void ConnectionDriver::log_out() {
    for (std::uint32_t a = 0; a < plan_.agents_per_connection; ++a) {
        send_event(core::AgentLogout{plan_.tenant, agent_names_[a]}, "",
                   Correlation{Cause::kLogout, first_agent_ + a, 0});
    }
}

ConnectionDriver::Clock::duration ConnectionDriver::wait_budget(Clock::time_point now) const {
    Clock::duration wait = kPhasePoll;
    if (active_ && !timers_.empty()) wait = std::min(wait, timers_.top().due - now);
    if (state_ == State::kTraffic && opened_ < quota_) {
        const bool window_open = ledger_.opened_count(index_) - ledger_.finished_count(index_) <
                                 plan_.window_per_connection;
        if (window_open) wait = std::min(wait, plan_.rate > 0 ? next_open_ - now : wait.zero());
    }
    return std::max(wait, Clock::duration::zero());
}

// Waits up to `wait` for a frame, then takes every frame already received. False when the
// connection failed.
bool ConnectionDriver::read_frames(Clock::duration wait) {
    auto next = client_->next(wait);
    while (next.ok() && next.value()) {
        handle(*next.value(), Clock::now());
        next = client_->poll();
    }
    if (!next.ok()) {
        fail(next.error().message);
        return false;
    }
    return !done_;
}

void ConnectionDriver::begin_sync() {
    client_->send(net::Ping{encode(Correlation{Cause::kSync, ++sync_sent_, 0})});
}

void ConnectionDriver::arrive(Phases::Phase p) {
    if (arrived_[p]) return;
    arrived_[p] = true;
    run_.phases.arrive(p);
}

void ConnectionDriver::fail(std::string why) {
    if (done_) return;
    stats_.note_error("connection " + std::to_string(index_) + ": " + std::move(why));
    stats_.failed_connections = 1;
    run_.stop_opening.store(true, std::memory_order_relaxed);
    done_ = true;
}

void ConnectionDriver::finish_stats() {
    stats_.seq_duplicates = seq_.duplicates();
    stats_.seq_gaps = seq_.gaps();
    for (std::uint32_t a = 0; a < plan_.agents_per_connection; ++a) {
        stats_.unacked += seq_.last(a) - std::min(seq_.last(a), acked_[a]);
    }
    if (client_) client_->close();
}

}  // namespace switchboard::tools
