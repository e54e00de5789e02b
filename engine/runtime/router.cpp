#include "engine/runtime/router.hpp"

#include <utility>

namespace switchboard {

Gateway::Gateway(std::shared_ptr<runtime::Engine> engine, std::uint32_t port)
    : engine_(std::move(engine)), port_(port) {}

Gateway::Gateway(Gateway&& other) noexcept
    : engine_(std::move(other.engine_)), port_(other.port_) {}

Gateway& Gateway::operator=(Gateway&& other) noexcept {
    if (this != &other) {
        close();
        engine_ = std::move(other.engine_);
        port_ = other.port_;
    }
    return *this;
}

Gateway::~Gateway() { close(); }

void Gateway::close() {
    if (engine_ == nullptr) return;
    engine_->close_port(port_);
    engine_.reset();
}

SubmitStatus Gateway::try_submit(Submission& submission) {
    if (engine_ == nullptr) return SubmitStatus::kStopped;
    return engine_->try_submit(port_, submission);
}

SubmitStatus Gateway::submit(Submission&& submission) {
    if (engine_ == nullptr) return SubmitStatus::kStopped;
    return engine_->submit(port_, submission);
}

std::size_t Gateway::submit_batch(std::span<Submission> batch) {
    if (engine_ == nullptr) return 0;
    return engine_->submit_batch(port_, batch);
}

std::size_t Gateway::try_submit_batch(std::span<Submission> batch) {
    if (engine_ == nullptr) return 0;
    return engine_->try_submit_batch(port_, batch);
}

base::Result<Router> Router::start(std::shared_ptr<const config::Snapshot> snapshot) {
    auto engine = runtime::Engine::start(std::move(snapshot));
    if (!engine) return std::move(engine).error();
    return Router(std::move(engine).value());
}

Router::~Router() {
    if (engine_ != nullptr) engine_->stop();
}

void Router::stop() { engine_->stop(); }

base::Result<Gateway> Router::connect() {
    auto port = engine_->open_port();
    if (!port) return std::move(port).error();
    return Gateway(engine_, *port);
}

}  // namespace switchboard
