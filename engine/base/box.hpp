// Box<T>: an optional T kept on the heap, with value semantics (copies copy the T). For rarely
// used parts of hot records: an empty Box costs one pointer instead of sizeof(T) in every record.
#pragma once

#include <memory>

namespace switchboard::base {

template <typename T>
class Box {
  public:
    Box() = default;
    Box(const Box& other) : ptr_(other.ptr_ ? std::make_unique<T>(*other.ptr_) : nullptr) {}
    Box& operator=(const Box& other) {
        if (this != &other) ptr_ = other.ptr_ ? std::make_unique<T>(*other.ptr_) : nullptr;
        return *this;
    }
    Box(Box&&) noexcept = default;
    Box& operator=(Box&&) noexcept = default;

    T* get() noexcept { return ptr_.get(); }
    const T* get() const noexcept { return ptr_.get(); }
    explicit operator bool() const noexcept { return ptr_ != nullptr; }
    T* operator->() noexcept { return ptr_.get(); }
    const T* operator->() const noexcept { return ptr_.get(); }
    // The held value, created empty on first use.
    T& get_or_create() {
        if (!ptr_) ptr_ = std::make_unique<T>();
        return *ptr_;
    }

  private:
    std::unique_ptr<T> ptr_;
};

}  // namespace switchboard::base
