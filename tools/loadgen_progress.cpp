#include "tools/loadgen_progress.hpp"

#include <algorithm>
#include <cstdio>

namespace switchboard::tools {
namespace {

constexpr int kBarWidth = 20;

}  // namespace

std::string format_progress(const ProgressSample& s) {
    const double fraction = std::clamp(s.done_fraction, 0.0, 1.0);
    const int filled = static_cast<int>(fraction * kBarWidth + 0.5);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.append(static_cast<std::size_t>(kBarWidth - filled), '-');
    char line[256];
    std::snprintf(
        line, sizeof line, "%6.1f s [%s] %3d%%  sent %llu  assigned %llu  in flight %llu  %.0f/s",
        s.elapsed_s, bar.c_str(), static_cast<int>(fraction * 100),
        static_cast<unsigned long long>(s.opened), static_cast<unsigned long long>(s.routed),
        static_cast<unsigned long long>(s.in_flight), s.rate_per_s);
    return line;
}

void RateWindow::add(double t_s, std::uint64_t count) {
    samples_.emplace_back(t_s, count);
    // Keep one sample at or before the window's start, so the rate spans the whole window.
    while (samples_.size() > 2 && samples_[1].first <= t_s - window_s_) samples_.pop_front();
}

double RateWindow::rate() const noexcept {
    if (samples_.size() < 2) return 0.0;
    const double dt = samples_.back().first - samples_.front().first;
    if (dt <= 0) return 0.0;
    return static_cast<double>(samples_.back().second - samples_.front().second) / dt;
}

}  // namespace switchboard::tools
