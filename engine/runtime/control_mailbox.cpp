#include "engine/runtime/control_mailbox.hpp"

#include <utility>

namespace switchboard::runtime {

void ControlMailbox::run(Job& job) noexcept {
    try {
        job.task();
    } catch (...) {
        job.failed = std::current_exception();
    }
}

void ControlMailbox::complete(Job& job) {
    if (job.failed) {
        job.done.set_exception(job.failed);
    } else {
        job.done.set_value();
    }
}

std::optional<std::future<void>> ControlMailbox::post(Task task) {
    Job job{std::move(task), {}, {}};
    std::future<void> done = job.done.get_future();
    const std::lock_guard lock(mutex_);
    if (closed_) return std::nullopt;
    queued_.push_back(std::move(job));
    pending_.store(true, std::memory_order_release);
    return done;
}

std::future<void> ControlMailbox::post_or_run(Task task) {
    Job job{std::move(task), {}, {}};
    std::future<void> done = job.done.get_future();
    const std::lock_guard lock(mutex_);
    if (!closed_) {
        queued_.push_back(std::move(job));
        pending_.store(true, std::memory_order_release);
        return done;
    }
    run(job);
    complete(job);
    return done;
}

std::size_t ControlMailbox::run_pending() {
    std::vector<Job> jobs;
    {
        const std::lock_guard lock(mutex_);
        jobs.swap(queued_);
        pending_.store(false, std::memory_order_relaxed);
    }
    for (Job& job : jobs) {
        run(job);
        ran_.push_back(std::move(job));
    }
    return jobs.size();
}

std::size_t ControlMailbox::close_and_run() {
    const std::lock_guard lock(mutex_);
    closed_ = true;
    pending_.store(false, std::memory_order_relaxed);
    const std::size_t n = queued_.size();
    for (Job& job : queued_) {
        run(job);
        ran_.push_back(std::move(job));
    }
    queued_.clear();
    return n;
}

void ControlMailbox::finish() {
    for (Job& job : ran_) complete(job);
    ran_.clear();
}

}  // namespace switchboard::runtime
