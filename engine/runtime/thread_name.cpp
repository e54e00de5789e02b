#include "engine/runtime/thread_name.hpp"

#include <algorithm>
#include <cstring>

#include <pthread.h>

namespace switchboard::runtime {

void name_this_thread(std::string_view name) noexcept {
    char buffer[16];  // the kernel's TASK_COMM_LEN, terminator included
    const std::size_t n = std::min(name.size(), sizeof buffer - 1);
    std::memcpy(buffer, name.data(), n);
    buffer[n] = '\0';
    (void)::pthread_setname_np(::pthread_self(), buffer);
}

}  // namespace switchboard::runtime
