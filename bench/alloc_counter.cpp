#include "bench/alloc_counter.hpp"

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>

#include <malloc.h>

namespace {

// The binary's only mutable globals, which is the point: every allocation passes through them.
std::atomic<std::int64_t> g_new_bytes{0};
std::atomic<std::uint64_t> g_allocations{0};

void* counted(void* p) noexcept {
    g_allocations.fetch_add(1, std::memory_order_relaxed);
    g_new_bytes.fetch_add(static_cast<std::int64_t>(malloc_usable_size(p)),
                          std::memory_order_relaxed);
    return p;
}

void* allocate(std::size_t size) {
    void* p = std::malloc(std::max<std::size_t>(size, 1));
    if (p == nullptr) throw std::bad_alloc();
    return counted(p);
}

void* allocate(std::size_t size, std::align_val_t align) {
    void* p = nullptr;
    const auto alignment = std::max(static_cast<std::size_t>(align), sizeof(void*));
    if (posix_memalign(&p, alignment, std::max<std::size_t>(size, 1)) != 0) {
        throw std::bad_alloc();
    }
    return counted(p);
}

void deallocate(void* p) noexcept {
    if (p == nullptr) return;
    g_new_bytes.fetch_sub(static_cast<std::int64_t>(malloc_usable_size(p)),
                          std::memory_order_relaxed);
    std::free(p);
}

}  // namespace

void* operator new(std::size_t size) { return allocate(size); }
void* operator new[](std::size_t size) { return allocate(size); }
void* operator new(std::size_t size, std::align_val_t align) { return allocate(size, align); }
void* operator new[](std::size_t size, std::align_val_t align) { return allocate(size, align); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
    try {
        return allocate(size);
    } catch (const std::bad_alloc&) {
        return nullptr;
    }
}
void* operator new[](std::size_t size, const std::nothrow_t& tag) noexcept {
    return operator new(size, tag);
}
void operator delete(void* p) noexcept { deallocate(p); }
void operator delete[](void* p) noexcept { deallocate(p); }
void operator delete(void* p, std::size_t) noexcept { deallocate(p); }
void operator delete[](void* p, std::size_t) noexcept { deallocate(p); }
void operator delete(void* p, std::align_val_t) noexcept { deallocate(p); }
void operator delete[](void* p, std::align_val_t) noexcept { deallocate(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { deallocate(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { deallocate(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { deallocate(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { deallocate(p); }

namespace switchboard::bench {

HeapBytes heap_bytes_now() noexcept {
    const struct mallinfo2 info = mallinfo2();
    return {g_new_bytes.load(std::memory_order_relaxed),
            static_cast<std::int64_t>(info.uordblks + info.hblkhd)};
}

std::uint64_t allocations_now() noexcept { return g_allocations.load(std::memory_order_relaxed); }

}  // namespace switchboard::bench
