// The load generator's progress line on stderr: one line redrawn in place with '\r' (only when
// stderr is a terminal), with the elapsed time, a bar, what was sent and assigned, what is in
// flight and the current assignment rate. Main thread only.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <utility>

namespace switchboard::tools {

struct ProgressSample {
    double elapsed_s = 0;
    double done_fraction = 0;  // of the count or of the duration, whichever is further
    std::uint64_t opened = 0;
    std::uint64_t routed = 0;
    std::uint64_t in_flight = 0;
    double rate_per_s = 0;
};

// The line without '\r' or terminal codes, e.g.
// "  3.2 s [#########-----------]  45%  sent 4500  assigned 4490  in flight 10  1403/s".
std::string format_progress(const ProgressSample& sample);

// The rate of a growing count over the last `window_s` seconds of samples.
class RateWindow {
  public:
    explicit RateWindow(double window_s = 1.0) : window_s_(window_s) {}
    void add(double t_s, std::uint64_t count);
    double rate() const noexcept;

  private:
    double window_s_;
    std::deque<std::pair<double, std::uint64_t>> samples_;
};

}  // namespace switchboard::tools
