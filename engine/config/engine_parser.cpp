#include "engine/config/engine_parser.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/config/map_reader.hpp"

namespace switchboard::config {
namespace {

constexpr std::int64_t kMaxThreads = 64;
// The kernel's CPU set size (CPU_SETSIZE): a CPU number beyond it cannot be pinned to.
constexpr std::int64_t kMaxCpu = 1023;

constexpr auto kEngineKeys = std::to_array<std::string_view>(
    {"shards", "io_threads", "io_cpus", "shard_cpus", "log_level", "ring_capacity", "batch_max",
     "outbox_capacity", "max_outboxes", "notice_capacity", "max_gateways", "tick_ms",
     "idle_spin_us"});
constexpr auto kLogLevels = std::to_array<std::pair<std::string_view, std::string_view>>({
    {"trace", "trace"},
    {"debug", "debug"},
    {"info", "info"},
    {"warn", "warn"},
    {"error", "error"},
});

// A list of CPU numbers, one per thread of a kind (thread i runs on entry i), so at most
// `threads` entries and none twice; empty = not pinned. Whether this machine has the CPUs is
// checked when the engine starts: a file may be checked on another machine than the one it runs on.
std::vector<std::uint32_t> read_cpus(Diagnostics& diag, const std::optional<Field>& field,
                                     std::uint32_t threads, std::string_view thread_kind) {
    std::vector<std::uint32_t> cpus;
    if (!field) return cpus;
    const auto items = read_list(diag, *field, 0, static_cast<std::size_t>(kMaxThreads));
    if (!items) return cpus;
    if (items->size() > threads) {
        diag.error(field->where, field->path,
                   "expected at most " + std::to_string(threads) + " CPU(s), one per " +
                       std::string(thread_kind) + " thread, got " + std::to_string(items->size()));
        return {};
    }
    for (const Field& item : *items) {
        const auto cpu = Int{0, kMaxCpu}(diag, item);
        if (!cpu) continue;
        const auto value = static_cast<std::uint32_t>(*cpu);
        for (std::size_t i = 0; i < cpus.size(); ++i) {
            if (cpus[i] != value) continue;
            diag.error(item.where, item.path,
                       "CPU " + std::to_string(value) + " is already given to " +
                           std::string(thread_kind) + " thread " + std::to_string(i) +
                           "; expected one CPU per thread");
        }
        cpus.push_back(value);
    }
    return cpus;
}

}  // namespace

EngineSpec parse_engine(Diagnostics& diag, const std::optional<Field>& field) {
    EngineSpec engine;
    if (!field) return engine;
    const MapReader map(diag, *field, kEngineKeys);
    map.read("shards", engine.shards, Int{1, kMaxThreads});
    map.read("io_threads", engine.io_threads, Int{1, kMaxThreads});
    if (const auto io = map.find("io_threads"); io && engine.io_threads > 1) {
        // Accepting a count the server cannot honour would hide it from the operator.
        diag.error(io->where, io->path,
                   "expected 1: this version serves every gateway connection from one I/O "
                   "thread, got " +
                       std::to_string(engine.io_threads));
    }
    engine.io_cpus = read_cpus(diag, map.find("io_cpus"), engine.io_threads, "I/O");
    engine.shard_cpus = read_cpus(diag, map.find("shard_cpus"), engine.shards, "shard");
    map.read("log_level", engine.log_level, OneOf<std::string_view>{kLogLevels});
    // Ring and outbox sizes are rounded up to a power of two by the runtime.
    map.read("ring_capacity", engine.ring_capacity, Int{64, 1 << 20});
    map.read("batch_max", engine.batch_max, Int{1, 1 << 16});
    map.read("outbox_capacity", engine.outbox_capacity, Int{16, 1 << 16});
    map.read("max_outboxes", engine.max_outboxes, Int{1, 10'000'000});
    map.read("notice_capacity", engine.notice_capacity, Int{64, 1 << 22});
    map.read("max_gateways", engine.max_gateways, Int{1, 1024});
    map.read("tick_ms", engine.tick_ms, Int{1, 1000});
    map.read("idle_spin_us", engine.idle_spin_us, Int{0, 100'000});
    return engine;
}

}  // namespace switchboard::config
