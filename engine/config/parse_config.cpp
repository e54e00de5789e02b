#include "engine/config/parse_config.hpp"

#include <array>
#include <exception>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/config/diagnostics.hpp"
#include "engine/config/map_reader.hpp"
#include "engine/config/name_table.hpp"
#include "engine/config/server_parser.hpp"
#include "engine/config/tenant_parser.hpp"
#include "engine/config/yaml_reader.hpp"

namespace switchboard::config {
namespace {

// Tenants are spread over shards; the bound keeps a reload's work and a snapshot's size finite.
constexpr std::size_t kMaxTenants = 10'000;
constexpr std::int64_t kMaxThreads = 64;

constexpr auto kRootKeys =
    std::to_array<std::string_view>({"engine", "server", "gateways", "tenants"});
constexpr auto kEngineKeys = std::to_array<std::string_view>(
    {"shards", "io_threads", "log_level", "ring_capacity", "batch_max", "outbox_capacity",
     "max_outboxes", "notice_capacity", "max_gateways", "tick_ms", "idle_spin_us"});
constexpr auto kLogLevels = std::to_array<std::pair<std::string_view, std::string_view>>({
    {"trace", "trace"},
    {"debug", "debug"},
    {"info", "info"},
    {"warn", "warn"},
    {"error", "error"},
});

// The one document of the file, or nullopt after reporting why there is none. Throws
// YAML::ParserException on a syntax error.
std::optional<Field> load_document(Diagnostics& diag, std::string_view yaml_text) {
    const std::vector<YAML::Node> documents = YAML::LoadAll(std::string(yaml_text));
    if (documents.empty()) {
        diag.error(Location{}, "", "expected a mapping with 'tenants', got an empty document");
        return std::nullopt;
    }
    if (documents.size() > 1) {
        // A second document would be silently ignored, and with it whatever the operator meant.
        diag.error(location_of(documents[1].Mark(), Location{}), "",
                   "expected one YAML document, got " + std::to_string(documents.size()));
        return std::nullopt;
    }
    return Field{documents.front(), "", location_of(documents.front().Mark(), Location{})};
}

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

std::vector<model::TenantSpec> parse_tenants(Diagnostics& diag, const Field& field,
                                             NameTable& ids) {
    std::vector<model::TenantSpec> tenants;
    const auto items = read_list(diag, field, 1, kMaxTenants);
    if (!items) {
        ids.mark_incomplete();
        return tenants;
    }
    tenants.reserve(items->size());
    for (const Field& item : *items) tenants.push_back(parse_tenant(diag, item, ids));
    return tenants;
}

Snapshot parse_document(Diagnostics& diag, const Field& document) {
    Snapshot snapshot;
    const MapReader root(diag, document, kRootKeys);
    snapshot.engine = parse_engine(diag, root.find("engine"));
    snapshot.server = parse_server(diag, root.find("server"));
    NameTable tenant_ids("tenant id");
    if (auto tenants = root.require("tenants")) {
        snapshot.tenants = parse_tenants(diag, *tenants, tenant_ids);
    } else {
        tenant_ids.mark_incomplete();
    }
    snapshot.gateways = parse_gateways(diag, root.find("gateways"), tenant_ids);
    return snapshot;
}

base::Error invalid(const Diagnostics& diag) {
    return base::Error{base::ErrorCode::kInvalidArgument, diag.render()};
}

}  // namespace

base::Result<Snapshot> parse_config(std::string_view yaml_text,
                                    std::string_view source_name) noexcept {
    Diagnostics diag(source_name);
    try {
        const auto document = load_document(diag, yaml_text);
        if (!document) return invalid(diag);
        Snapshot snapshot = parse_document(diag, *document);
        if (!diag.empty()) return invalid(diag);
        snapshot.source = std::string(source_name);
        return snapshot;
    } catch (const YAML::ParserException& e) {
        diag.error(location_of(e.mark, Location{}), "", "YAML syntax error: " + e.msg);
        return invalid(diag);
    } catch (const std::exception& e) {
        // yaml-cpp documents no other throw for const access; reaching here is a library surprise
        // (or memory exhaustion), not a mistake in the file.
        return base::Error{base::ErrorCode::kInternal,
                           std::string(source_name) + ": config parser failed: " + e.what()};
    }
}

}  // namespace switchboard::config
