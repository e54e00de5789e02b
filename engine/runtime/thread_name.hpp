// Names the calling thread as the kernel shows it (top -H, /proc/PID/task/TID/comm, perf), so
// that an operator or a benchmark can tell the engine's threads apart. Linux keeps 15
// characters; a longer name is cut there.
#pragma once

#include <string_view>

namespace switchboard::runtime {

// Any thread may call it, for itself only. Failure (not Linux) leaves the name as it was.
void name_this_thread(std::string_view name) noexcept;

}  // namespace switchboard::runtime
