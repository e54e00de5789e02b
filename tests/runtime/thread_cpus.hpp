// The CPUs a named thread of this test process may run on, read from the kernel: how the
// placement tests see where engine.io_cpus and engine.shard_cpus put the engine's threads.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "engine/runtime/cpu_affinity.hpp"

namespace switchboard::testing {

// Empty when no thread of this process has the name `name` (runtime::name_this_thread).
inline std::vector<std::uint32_t> cpus_of_thread(const std::string& name) {
    for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
        std::ifstream comm(task.path() / "comm");
        std::string comm_name;
        if (!std::getline(comm, comm_name) || comm_name != name) continue;
        return runtime::thread_cpus(std::stoi(task.path().filename().string()));
    }
    return {};
}

}  // namespace switchboard::testing
