#include "engine/config/parse_config.hpp"

#include <array>
#include <exception>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/config/diagnostics.hpp"
#include "engine/config/engine_parser.hpp"
#include "engine/config/map_reader.hpp"
#include "engine/config/name_table.hpp"
#include "engine/config/server_parser.hpp"
#include "engine/config/tenant_parser.hpp"
#include "engine/config/yaml_reader.hpp"

namespace switchboard::config {
namespace {

// Tenants are spread over shards; the bound keeps a reload's work and a snapshot's size finite.
constexpr std::size_t kMaxTenants = 10'000;

constexpr auto kRootKeys =
    std::to_array<std::string_view>({"engine", "server", "gateways", "tenants"});

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
