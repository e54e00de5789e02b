// A shard worker's control mailbox: how other threads get work done on the shard thread between
// two batches (admin reads of shard state, live reload) without a lock on the event path. A
// poster queues a task under a mutex, raises the `pending` flag and wakes the worker; the worker
// loads the flag once per pass and takes the mutex only when it is raised. Control is rare
// (admin requests, reloads), so a mutex and a std::function per task cost nothing that matters.
//
// A task's future becomes ready at finish(), which the worker calls after it published the
// outputs of the pass that ran the task: whoever waits on it then also sees those outputs and
// counters. An exception thrown by a task comes out of the future's get().
//
// When the worker's thread ends it closes the mailbox, running what is still queued. From then
// on post() refuses and post_or_run() runs the task on the calling thread, under the mailbox's
// mutex: such tasks never overlap one another or the worker's last ones.
#pragma once

#include <atomic>
#include <cstddef>
#include <exception>
#include <functional>
#include <future>
#include <mutex>
#include <optional>
#include <vector>

namespace switchboard::runtime {

class ControlMailbox {
  public:
    using Task = std::function<void()>;

    // --- Any thread but the worker's. Wake the worker after a successful post. ---
    // Queues `task`; nullopt (and `task` dropped unrun) once the mailbox is closed.
    std::optional<std::future<void>> post(Task task);
    // Queues `task` or, once the mailbox is closed, runs it here before returning. A task run
    // here must not post to this mailbox (it holds the mutex).
    std::future<void> post_or_run(Task task);

    // --- The worker ---
    // Whether a task waits: one load per pass, no lock.
    bool pending() const noexcept { return pending_.load(std::memory_order_acquire); }
    // Runs every queued task (outside the mutex); returns how many ran.
    std::size_t run_pending();
    // Refuses further posts and runs what is still queued, under the mutex.
    std::size_t close_and_run();
    // Makes the futures of the tasks run since the last finish() ready.
    void finish();

  private:
    struct Job {
        Task task;
        std::promise<void> done;
        std::exception_ptr failed;
    };
    static void run(Job& job) noexcept;
    static void complete(Job& job);

    std::mutex mutex_;
    std::vector<Job> queued_;  // guarded by mutex_
    bool closed_ = false;      // guarded by mutex_
    std::atomic<bool> pending_{false};
    std::vector<Job> ran_;  // worker only: run, future not ready yet
};

}  // namespace switchboard::runtime
