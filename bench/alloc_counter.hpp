// Heap accounting for benchmarks that measure memory. Linking alloc_counter.cpp replaces the
// binary's global operator new/delete with versions that count the bytes malloc really handed out
// (malloc_usable_size), and glibc's mallinfo2 gives the allocator's own view, chunk headers and
// mmapped blocks included. Bench binaries only; never link it into engine code.
#pragma once

#include <cstdint>

namespace switchboard::bench {

struct HeapBytes {
    std::int64_t new_bytes = 0;     // live bytes from operator new, as usable size
    std::int64_t malloc_bytes = 0;  // mallinfo2: in-use arena bytes + mmapped bytes
};

HeapBytes heap_bytes_now() noexcept;
// Calls of operator new so far, every thread.
std::uint64_t allocations_now() noexcept;

inline HeapBytes operator-(HeapBytes a, HeapBytes b) noexcept {
    return {a.new_bytes - b.new_bytes, a.malloc_bytes - b.malloc_bytes};
}

}  // namespace switchboard::bench
