#include "engine/runtime/output_reader.hpp"

#include <utility>

namespace switchboard::runtime {
namespace {

void make_key(std::string& key, std::string_view tenant, std::string_view agent) {
    key.assign(tenant);
    key.push_back('\x1f');
    key.append(agent);
}

}  // namespace

OutputReader::OutputReader(std::span<const std::unique_ptr<ShardWorker>> workers, Parker& parker,
                           std::chrono::nanoseconds spin)
    : workers_(workers), parker_(&parker), spin_(spin) {}

std::uint64_t OutputReader::drain(Outbox& box, OutputHandler& handler) {
    return box.drain([&](const Delivery& d) { handler.on_delivery(AgentStream(&box), d); });
}

std::size_t OutputReader::poll(OutputHandler& handler) {
    std::size_t total = 0;
    for (const auto& worker : workers_) {
        const std::size_t notices = worker->notices().pop_batch(
            worker->notices().capacity(), [&](Notice& n) { handler.on_notice(n); });
        // The shard may be waiting for room in its notice ring.
        if (notices > 0) worker->parker().wake();
        total += notices;
        worker->ready().pop_batch(worker->ready().capacity(), [&](Outbox* box) {
            if (!box->registered()) {
                make_key(key_, box->tenant(), box->agent());
                known_.emplace(key_, box);
                all_.push_back(box);
                box->mark_registered();
            }
            box->take_ready();
            total += drain(*box, handler);
        });
    }
    return total;
}

bool OutputReader::output_pending() const noexcept {
    for (const auto& worker : workers_) {
        if (!worker->notices().empty_guess() || !worker->ready().empty_guess()) return true;
    }
    return false;
}

void OutputReader::notify_through(int event_fd) noexcept { parker_->notify_through(event_fd); }

bool OutputReader::prepare_wait() noexcept {
    parker_->prepare();
    if (!output_pending()) return true;
    parker_->cancel();
    return false;
}

void OutputReader::cancel_wait() noexcept { parker_->cancel(); }

void OutputReader::wait(std::chrono::nanoseconds timeout) {
    idle_wait(*parker_, spin_, timeout, [this] { return output_pending(); });
}

Outbox* OutputReader::find(std::string_view tenant, std::string_view agent) {
    make_key(key_, tenant, agent);
    const auto it = known_.find(key_);
    return it == known_.end() ? nullptr : it->second;
}

base::Status OutputReader::ack(std::string_view tenant, std::string_view agent, std::uint64_t seq) {
    Outbox* box = find(tenant, agent);
    if (box == nullptr) {
        return base::Error{base::ErrorCode::kNotFound, "ack: nothing was delivered to agent '" +
                                                           std::string(agent) + "' of tenant '" +
                                                           std::string(tenant) + "'"};
    }
    return ack(AgentStream(box), seq);
}

base::Status OutputReader::ack(AgentStream stream, std::uint64_t seq) {
    Outbox* box = stream.box_;
    const std::string& agent = box->agent();
    if (!box->ack(seq)) {
        return base::Error{
            base::ErrorCode::kInvalidArgument,
            "ack: seq " + std::to_string(seq) + " for agent '" + std::string(agent) +
                "' was never delivered (highest sent: " + std::to_string(box->sent()) + ")"};
    }
    return base::Ok{};
}

base::Result<std::uint64_t> OutputReader::resend(std::string_view tenant, std::string_view agent,
                                                 OutputHandler& handler) {
    Outbox* box = find(tenant, agent);
    if (box == nullptr) return std::uint64_t{0};  // nothing was ever delivered: nothing to resend
    box->rewind();
    return drain(*box, handler);
}

std::uint64_t OutputReader::unacked() const noexcept {
    std::uint64_t n = 0;
    for (const Outbox* box : all_) n += box->sent() - box->acked();
    return n;
}

}  // namespace switchboard::runtime
