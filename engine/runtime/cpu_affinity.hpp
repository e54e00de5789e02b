// Pinning engine threads to CPUs (config: engine.io_cpus, engine.shard_cpus). Thread i of a kind
// runs on cpus[i % cpus.size()]; an empty list leaves placement to the operating system.
//
// Why an operator would pin: on a small box shared with a chat gateway or other processes the
// scheduler may keep the I/O thread and a shard on one CPU, taking turns in millisecond slices,
// while the other CPU idles (seen on this project's 2-vCPU test VM with `perf sched`; the
// measured effect is in bench/README.md under server_bench). Pinning them apart removes that.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "engine/base/result.hpp"

namespace switchboard::runtime {

// The CPU for thread `index` of a kind whose list is `cpus`; none when the list is empty.
std::optional<std::uint32_t> cpu_for(std::span<const std::uint32_t> cpus,
                                     std::uint32_t index) noexcept;

// The CPUs this process may run on now (its affinity mask, which cgroups and taskset narrow),
// ascending. Empty only when the kernel refuses to say.
std::vector<std::uint32_t> allowed_cpus();

// Checks that every CPU in `cpus` (the config key `key`, for the message) is one this process
// may run on. The error names the key, the position, the CPU and the CPUs that are allowed.
base::Status check_cpus(std::span<const std::uint32_t> cpus, std::string_view key);

// Pins the calling thread to `cpu`; with none, leaves it where it is. The error says which CPU
// and why the kernel refused.
base::Status pin_this_thread(std::optional<std::uint32_t> cpu);

// The CPUs the calling thread may run on (for tests and diagnostics), ascending.
std::vector<std::uint32_t> this_thread_cpus();

// The CPUs thread `tid` of any process may run on, ascending; empty when the kernel refuses.
std::vector<std::uint32_t> thread_cpus(int tid);

}  // namespace switchboard::runtime
