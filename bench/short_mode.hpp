// The benchmarks' short mode: SB_BENCH_SHORT=1 (set by the ctest entries, so CI proves every
// benchmark still runs) selects small sizes that finish in seconds.
#pragma once

#include <cstdlib>
#include <string_view>

namespace switchboard::bench {

inline bool short_mode() {
    const char* value = std::getenv("SB_BENCH_SHORT");
    return value != nullptr && std::string_view(value) == "1";
}

}  // namespace switchboard::bench
