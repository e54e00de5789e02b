#include "engine/runtime/cpu_affinity.hpp"

#include <algorithm>
#include <cstring>
#include <string>

#include <pthread.h>
#include <sched.h>

namespace switchboard::runtime {
namespace {

std::vector<std::uint32_t> cpus_of(const cpu_set_t& set) {
    std::vector<std::uint32_t> cpus;
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
        if (CPU_ISSET(cpu, &set)) cpus.push_back(static_cast<std::uint32_t>(cpu));
    }
    return cpus;
}

// "0-3,6": how taskset and /sys print a CPU list.
std::string list_text(const std::vector<std::uint32_t>& cpus) {
    std::string out;
    for (std::size_t i = 0; i < cpus.size();) {
        std::size_t j = i;
        while (j + 1 < cpus.size() && cpus[j + 1] == cpus[j] + 1) ++j;
        if (!out.empty()) out += ',';
        out += std::to_string(cpus[i]);
        if (j > i) out += '-' + std::to_string(cpus[j]);
        i = j + 1;
    }
    return out.empty() ? "none" : out;
}

}  // namespace

std::optional<std::uint32_t> cpu_for(std::span<const std::uint32_t> cpus,
                                     std::uint32_t index) noexcept {
    if (cpus.empty()) return std::nullopt;
    return cpus[index % cpus.size()];
}

std::vector<std::uint32_t> allowed_cpus() { return thread_cpus(0); }

std::vector<std::uint32_t> thread_cpus(int tid) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (::sched_getaffinity(tid, sizeof set, &set) != 0) return {};
    return cpus_of(set);
}

base::Status check_cpus(std::span<const std::uint32_t> cpus, std::string_view key) {
    if (cpus.empty()) return base::Ok{};
    const std::vector<std::uint32_t> allowed = allowed_cpus();
    for (std::size_t i = 0; i < cpus.size(); ++i) {
        if (std::ranges::find(allowed, cpus[i]) != allowed.end()) continue;
        return base::Error{
            base::ErrorCode::kInvalidArgument,
            std::string(key) + "[" + std::to_string(i) + "]: CPU " + std::to_string(cpus[i]) +
                " is not one this process may run on (allowed: " + list_text(allowed) + ")"};
    }
    return base::Ok{};
}

base::Status pin_this_thread(std::optional<std::uint32_t> cpu_or_none) {
    if (!cpu_or_none) return base::Ok{};
    const std::uint32_t cpu = *cpu_or_none;
    if (cpu >= CPU_SETSIZE) {
        return base::Error{base::ErrorCode::kInvalidArgument,
                           "CPU " + std::to_string(cpu) + " is beyond the kernel's CPU set"};
    }
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    const int rc = ::pthread_setaffinity_np(::pthread_self(), sizeof set, &set);
    if (rc != 0) {
        return base::Error{
            base::ErrorCode::kIo,
            "cannot pin a thread to CPU " + std::to_string(cpu) + ": " + std::strerror(rc)};
    }
    return base::Ok{};
}

std::vector<std::uint32_t> this_thread_cpus() {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (::pthread_getaffinity_np(::pthread_self(), sizeof set, &set) != 0) return {};
    return cpus_of(set);
}

}  // namespace switchboard::runtime
