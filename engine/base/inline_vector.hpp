// A vector of trivially copyable T that keeps its first N elements inside the object and moves
// to the heap only beyond that. For small per-record lists on the routing hot path (an agent's
// pool memberships and held conversations): with std::vector every assignment and release of an
// agent touched two more cache lines, the vectors' heap blocks, which at 100,000 agents are
// cold. Growth past N doubles a heap block (amortised O(1)); the block is kept until
// destruction, so a record that once spilled stays spilled. Not thread-safe: one owner.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <type_traits>

#include "engine/base/assert.hpp"

namespace switchboard::base {

template <typename T, std::uint32_t N>
class InlineVector {
    static_assert(std::is_trivially_copyable_v<T>, "elements are moved with memcpy");
    static_assert(N > 0, "use std::vector for no inline capacity");

  public:
    InlineVector() = default;
    InlineVector(std::initializer_list<T> values) { assign(values.begin(), values.end()); }
    InlineVector(const InlineVector& other) { assign(other.begin(), other.end()); }
    InlineVector(InlineVector&& other) noexcept { take(other); }
    InlineVector& operator=(const InlineVector& other) {
        if (this != &other) {
            clear();
            assign(other.begin(), other.end());
        }
        return *this;
    }
    InlineVector& operator=(InlineVector&& other) noexcept {
        if (this != &other) {
            heap_.reset();
            size_ = 0;
            take(other);
        }
        return *this;
    }

    std::uint32_t size() const noexcept { return size_; }
    bool empty() const noexcept { return size_ == 0; }
    std::uint32_t capacity() const noexcept { return heap_ ? heap_capacity_ : N; }
    bool on_heap() const noexcept { return heap_ != nullptr; }

    T* begin() noexcept { return data(); }
    T* end() noexcept { return data() + size_; }
    const T* begin() const noexcept { return data(); }
    const T* end() const noexcept { return data() + size_; }
    T* data() noexcept { return heap_ ? heap_.get() : inline_; }
    const T* data() const noexcept { return heap_ ? heap_.get() : inline_; }

    // Preconditions: i < size(); for back() and pop_back(), !empty().
    T& operator[](std::uint32_t i) noexcept {
        SB_ASSERT(i < size_);
        return data()[i];
    }
    const T& operator[](std::uint32_t i) const noexcept {
        SB_ASSERT(i < size_);
        return data()[i];
    }
    T& back() noexcept { return (*this)[size_ - 1]; }
    const T& back() const noexcept { return (*this)[size_ - 1]; }

    void push_back(const T& value) {
        if (size_ == capacity()) grow();
        data()[size_++] = value;
    }
    void pop_back() noexcept {
        SB_ASSERT(size_ > 0);
        --size_;
    }
    void clear() noexcept { size_ = 0; }

    friend bool operator==(const InlineVector& a, const InlineVector& b) noexcept {
        return std::equal(a.begin(), a.end(), b.begin(), b.end());
    }

  private:
    template <typename It>
    void assign(It first, It last) {
        for (; first != last; ++first) push_back(*first);
    }
    void take(InlineVector& other) noexcept {
        size_ = other.size_;
        heap_capacity_ = other.heap_capacity_;
        heap_ = std::move(other.heap_);
        if (!heap_) std::memcpy(inline_, other.inline_, sizeof(T) * size_);
        other.size_ = 0;
    }
    void grow() {
        const std::uint32_t bigger = 2 * capacity();
        SB_ASSERT(bigger > capacity());  // no overflow: callers bound their lists far below 2^31
        std::unique_ptr<T[]> block = std::make_unique_for_overwrite<T[]>(bigger);
        std::memcpy(block.get(), data(), sizeof(T) * size_);
        heap_ = std::move(block);
        heap_capacity_ = bigger;
    }

    std::uint32_t size_ = 0;
    std::uint32_t heap_capacity_ = 0;  // meaningful only when heap_ is set
    std::unique_ptr<T[]> heap_;
    T inline_[N];
};

}  // namespace switchboard::base
