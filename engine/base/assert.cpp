#include "engine/base/assert.hpp"

#include <cstdio>
#include <cstdlib>

namespace switchboard::base {

void assert_fail(const char* condition, const char* file, int line) noexcept {
    // stderr is the only channel left when an invariant is broken; the process stops at once so
    // that no corrupted state is acted on.
    std::fprintf(stderr, "switchboard: assertion failed: %s at %s:%d\n", condition, file, line);
    std::abort();
}

}  // namespace switchboard::base
