#include "tools/loadgen_run.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <thread>
#include <vector>

#include <signal.h>
#include <unistd.h>

#include "tools/loadgen_connection.hpp"
#include "tools/loadgen_progress.hpp"

namespace switchboard::tools {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr auto kTick = 200ms;  // progress redraw and signal check
constexpr auto kHardSlack = std::chrono::seconds(60);

// SIGINT and SIGTERM blocked while the run lasts (the connection threads inherit the mask), and
// taken synchronously by sigtimedwait on the main thread: no handler, no global flag.
class SignalGuard {
  public:
    SignalGuard() {
        sigemptyset(&set_);
        sigaddset(&set_, SIGINT);
        sigaddset(&set_, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &set_, &old_);
    }
    ~SignalGuard() {
        // Drop a signal that arrived at the very end, then restore the old mask.
        const timespec zero{0, 0};
        while (sigtimedwait(&set_, nullptr, &zero) > 0) {
        }
        pthread_sigmask(SIG_SETMASK, &old_, nullptr);
    }
    SignalGuard(const SignalGuard&) = delete;
    SignalGuard& operator=(const SignalGuard&) = delete;

    // Waits up to `wait` for a signal; true when one came.
    bool wait(std::chrono::milliseconds wait) {
        const timespec ts{0, static_cast<long>(wait.count()) * 1'000'000};
        return sigtimedwait(&set_, nullptr, &ts) > 0;
    }

  private:
    sigset_t set_;
    sigset_t old_;
};

ProgressSample sample(const RunShared& run, Clock::time_point start, RateWindow& rate) {
    const LoadPlan& plan = run.plan;
    ProgressSample s;
    s.elapsed_s = std::chrono::duration<double>(Clock::now() - start).count();
    for (std::uint32_t c = 0; c < plan.connections; ++c) {
        s.opened += run.live[c].opened.load(std::memory_order_relaxed);
        s.routed += run.live[c].routed.load(std::memory_order_relaxed);
    }
    s.in_flight = run.ledger.in_flight();
    rate.add(s.elapsed_s, s.routed);
    s.rate_per_s = rate.rate();
    const double by_count = static_cast<double>(s.opened) / static_cast<double>(plan.conversations);
    const double by_time = s.elapsed_s / std::chrono::duration<double>(plan.duration).count();
    s.done_fraction = std::max(by_count, by_time);
    return s;
}

// Watches the threads until they have all returned: progress, signals, the hard bound.
void supervise(RunShared& run, RunResult& result, Clock::time_point start, bool progress,
               SignalGuard& signals) {
    RateWindow rate;
    const auto hard_end = start + run.plan.duration + run.plan.drain + kHardSlack;
    int signals_seen = 0;
    while (run.finished.load(std::memory_order_acquire) < run.plan.connections) {
        if (signals.wait(kTick)) {
            ++signals_seen;
            run.stop_opening.store(true);
            result.interrupted = true;
            if (signals_seen > 1) run.abort.store(true);
            std::fprintf(stderr, "%s%s\n", progress ? "\r\x1b[K" : "",
                         signals_seen > 1 ? "loadgen: aborting"
                                          : "loadgen: stopping, draining (again to abort)");
        }
        if (Clock::now() > hard_end && !run.abort.load()) {
            run.abort.store(true);
            std::fprintf(stderr, "%sloadgen: the run outlived its time bound, aborting\n",
                         progress ? "\r\x1b[K" : "");
        }
        if (progress) {
            std::fprintf(stderr, "\r%s\x1b[K", format_progress(sample(run, start, rate)).c_str());
        }
    }
    if (progress) std::fprintf(stderr, "\r\x1b[K");
    result.aborted = run.abort.load();
}

}  // namespace

bool RunResult::passed() const noexcept {
    const ConnectionStats& s = stats;
    return verdict.ok() && !aborted && s.failed_connections == 0 && s.protocol_errors == 0 &&
           s.unexpected_rejections == 0 && s.seq_duplicates == 0 && s.seq_gaps == 0 &&
           s.unacked == 0;
}

RunResult run_load(const LoadPlan& plan) {
    RunResult result;
    RunShared run(plan);
    const auto start = Clock::now();
    std::vector<ConnectionStats> per_connection(plan.connections);
    std::vector<std::thread> threads;
    {
        const bool progress = plan.progress && ::isatty(STDERR_FILENO) == 1;
        SignalGuard signals;  // before the threads start: they inherit the blocked mask
        for (std::uint32_t c = 0; c < plan.connections; ++c) {
            threads.emplace_back([&run, &per_connection, c] {
                ConnectionDriver driver(c, run);
                per_connection[c] = driver.run();
                run.finished.fetch_add(1, std::memory_order_acq_rel);
            });
        }
        supervise(run, result, start, progress, signals);
    }
    for (auto& t : threads) t.join();
    result.elapsed_s = std::chrono::duration<double>(Clock::now() - start).count();
    for (const auto& s : per_connection) result.stats.merge(s);
    result.verdict = run.ledger.verdict(
        [&plan](std::uint64_t slot) { return "conversation " + plan.conversation_id(slot); });
    return result;
}

}  // namespace switchboard::tools
