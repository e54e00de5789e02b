// Invariant checks. SB_ASSERT is on in every build and meant for O(1) checks; SB_DEBUG_ASSERT is
// compiled only without NDEBUG and meant for O(n) checks. A failed assertion is a bug in
// Switchboard, never a user error: bad input is reported through Result<T> (result.hpp).
#pragma once

namespace switchboard::base {

[[noreturn]] void assert_fail(const char* condition, const char* file, int line) noexcept;

}  // namespace switchboard::base

#define SB_ASSERT(condition)                                                  \
    do {                                                                      \
        if (!(condition)) [[unlikely]] {                                      \
            ::switchboard::base::assert_fail(#condition, __FILE__, __LINE__); \
        }                                                                     \
    } while (false)

#ifdef NDEBUG
#define SB_DEBUG_ASSERT(condition) \
    do {                           \
    } while (false)
#else
#define SB_DEBUG_ASSERT(condition) SB_ASSERT(condition)
#endif
