// parse_scenario(): the scenario file's root, arrivals, mix, customers and handling. The agent
// groups are in scenario_agents_parser.cpp; shared readers in scenario_reader.cpp.
#include <array>
#include <exception>
#include <string>
#include <vector>

#include "engine/config/diagnostics.hpp"
#include "engine/config/map_reader.hpp"
#include "engine/config/yaml_reader.hpp"
#include "engine/sim/scenario.hpp"
#include "engine/sim/scenario_reader.hpp"

namespace switchboard::sim {
namespace {

using config::Diagnostics;
using config::Field;
using config::MapReader;

// A scenario longer than a month is better run as several: the KPIs of one run are one period.
constexpr std::int64_t kMaxRunMs = 31LL * 24 * 3'600'000;
constexpr double kMaxPerHour = 10'000'000;
constexpr std::size_t kMaxHours = 24 * 31;

constexpr auto kRootKeys = std::to_array<std::string_view>(
    {"name", "tenant", "router_config", "seed", "duration_ms", "warmup_ms", "drain_ms", "arrivals",
     "mix", "customers", "handling", "agents"});
constexpr auto kArrivalKeys = std::to_array<std::string_view>(
    {"profile", "per_hour", "hourly", "surge_factor", "surge_start_ms", "surge_end_ms"});
constexpr auto kProfiles = std::to_array<std::pair<std::string_view, ProfileKind>>({
    {"flat", ProfileKind::kFlat},
    {"business_day", ProfileKind::kBusinessDay},
    {"peak_sale", ProfileKind::kPeakSale},
    {"hourly", ProfileKind::kHourly},
});
constexpr auto kMixKeys = std::to_array<std::string_view>({"tiers", "queues"});
constexpr auto kCustomerKeys =
    std::to_array<std::string_view>({"follow_ups", "think_time", "patience"});
constexpr auto kCountKeys = std::to_array<std::string_view>({"distribution", "mean"});
constexpr auto kCountKinds = std::to_array<std::pair<std::string_view, CountKind>>({
    {"fixed", CountKind::kFixed},
    {"poisson", CountKind::kPoisson},
    {"geometric", CountKind::kGeometric},
});
constexpr auto kHandlingKeys = std::to_array<std::string_view>(
    {"close", "close_after_exchanges", "handling_time", "close_delay"});
constexpr auto kHandlingKinds = std::to_array<std::pair<std::string_view, HandlingKind>>({
    {"after_exchanges", HandlingKind::kExchanges},
    {"after_handling_time", HandlingKind::kHandlingTime},
});

const config::Millis kRunLength{1};

void check_run_length(Diagnostics& diag, const Field& field, std::int64_t ms) {
    if (ms > kMaxRunMs) {
        diag.error(field.where, field.path,
                   "out of range, expected at most 31 days (" + std::to_string(kMaxRunMs) +
                       "), got " + std::to_string(ms));
    }
}

ArrivalSpec parse_arrivals(Diagnostics& diag, const Field& field) {
    ArrivalSpec a;
    const MapReader map(diag, field, kArrivalKeys);
    map.read_required("profile", a.profile, config::OneOf<ProfileKind>{kProfiles});
    map.read_required("per_hour", a.per_hour, Number{0, kMaxPerHour});
    if (const auto hourly = map.find("hourly")) {
        if (a.profile != ProfileKind::kHourly) {
            diag.error(hourly->where, hourly->path, "only applies to profile 'hourly'");
        } else if (const auto items = config::read_list(diag, *hourly, 1, kMaxHours)) {
            for (const Field& item : *items) {
                double x = 0;
                if (auto v = Number{0, 1000}(diag, item)) x = *v;
                a.hourly.push_back(x);
            }
        }
    } else if (a.profile == ProfileKind::kHourly && map.is_mapping()) {
        diag.error(field.where, field.path, "missing required key 'hourly' for profile 'hourly'");
    }
    for (const std::string_view key : {"surge_factor", "surge_start_ms", "surge_end_ms"}) {
        const auto f = map.find(key);
        if (f && a.profile != ProfileKind::kPeakSale) {
            diag.error(f->where, f->path, "only applies to profile 'peak_sale'");
        }
    }
    map.read("surge_factor", a.surge_factor, Number{0, 1000});
    base::Duration start{a.surge_start_ms};
    base::Duration end{a.surge_end_ms};
    map.read("surge_start_ms", start, config::Millis{0});
    map.read("surge_end_ms", end, config::Millis{0});
    a.surge_start_ms = start.count();
    a.surge_end_ms = end.count();
    if (a.surge_end_ms <= a.surge_start_ms && a.profile == ProfileKind::kPeakSale) {
        diag.error(field.where, field.path, "surge_end_ms must be after surge_start_ms");
    }
    return a;
}

std::vector<NamedShare> parse_shares(Diagnostics& diag, const Field& field) {
    std::vector<NamedShare> shares;
    const auto entries = config::read_map(diag, field);
    if (!entries) return shares;
    double total = 0;
    for (const config::MapEntry& e : *entries) {
        const auto weight = Number{0, 1e9}(diag, e.value);
        if (!weight) continue;
        total += *weight;
        shares.push_back(NamedShare{e.key, *weight, ref_of(diag, e.key_field)});
    }
    if (entries->empty() || total <= 0) {
        diag.error(field.where, field.path, "expected at least one share > 0");
    }
    return shares;
}

CountModel parse_count(Diagnostics& diag, const Field& field) {
    CountModel c;
    const MapReader map(diag, field, kCountKeys);
    map.read_required("distribution", c.kind, config::OneOf<CountKind>{kCountKinds});
    map.read_required("mean", c.mean, Number{0, 100});
    return c;
}

CustomerSpec parse_customers(Diagnostics& diag, const Field& field) {
    CustomerSpec c;
    const MapReader map(diag, field, kCustomerKeys);
    if (const auto f = map.find("follow_ups")) c.follow_ups = parse_count(diag, *f);
    read_quantity_key(map, "think_time", "_ms", c.think_time_ms);
    if (const auto f = map.find("patience")) {
        // "patience: none" says in words what leaving the key out means.
        if (f->node.IsScalar() && f->node.Scalar() == "none") return c;
        c.patient = false;
        read_quantity(diag, *f, "_ms", c.patience_ms);
    }
    return c;
}

HandlingSpec parse_handling(Diagnostics& diag, const Field& field) {
    HandlingSpec h;
    const MapReader map(diag, field, kHandlingKeys);
    map.read_required("close", h.kind, config::OneOf<HandlingKind>{kHandlingKinds});
    map.read("close_after_exchanges", h.close_after_exchanges, config::Int{0, 1000});
    read_quantity_key(map, "handling_time", "_ms", h.handling_time_ms);
    read_quantity_key(map, "close_delay", "_ms", h.close_delay_ms);
    const auto wrong =
        map.find(h.kind == HandlingKind::kExchanges ? "handling_time" : "close_after_exchanges");
    if (wrong) {
        diag.error(wrong->where, wrong->path,
                   "does not apply to close: " +
                       std::string(kHandlingKinds[static_cast<std::size_t>(h.kind)].first));
    }
    return h;
}

void parse_times(const MapReader& root, ScenarioSpec& s) {
    Diagnostics& diag = root.diag();
    base::Duration duration{s.duration_ms};
    base::Duration warmup{s.warmup_ms};
    base::Duration drain{s.drain_ms};
    if (root.read_required("duration_ms", duration, kRunLength)) {
        check_run_length(diag, *root.find("duration_ms"), duration.count());
    }
    if (root.read("warmup_ms", warmup, config::Millis{0}) && warmup >= duration) {
        const Field f = *root.find("warmup_ms");
        diag.error(f.where, f.path, "must be shorter than duration_ms");
    }
    if (root.read("drain_ms", drain, config::Millis{0})) {
        check_run_length(diag, *root.find("drain_ms"), drain.count());
    }
    s.duration_ms = duration.count();
    s.warmup_ms = warmup.count();
    s.drain_ms = drain.count();
}

ScenarioSpec parse_document(Diagnostics& diag, const Field& document) {
    ScenarioSpec s;
    const MapReader root(diag, document, kRootKeys);
    root.read_required("name", s.name, config::Name{});
    if (root.read_required("tenant", s.tenant, config::Name{})) {
        s.tenant_ref = ref_of(diag, *root.find("tenant"));
    }
    root.read("router_config", s.router_config, config::Text{});
    root.read("seed", s.seed, config::Int{0, std::numeric_limits<std::int64_t>::max()});
    parse_times(root, s);
    if (const auto f = root.require("arrivals")) s.arrivals = parse_arrivals(diag, *f);
    if (const auto f = root.find("mix")) {
        const MapReader mix(diag, *f, kMixKeys);
        if (const auto t = mix.find("tiers")) s.tier_mix = parse_shares(diag, *t);
        if (const auto q = mix.find("queues")) s.queue_mix = parse_shares(diag, *q);
    }
    if (const auto f = root.find("customers")) s.customers = parse_customers(diag, *f);
    if (const auto f = root.find("handling")) s.handling = parse_handling(diag, *f);
    if (const auto f = root.require("agents")) s.agents = parse_agent_groups(diag, *f);
    return s;
}

base::Error invalid(const Diagnostics& diag) {
    return base::Error{base::ErrorCode::kInvalidArgument, diag.render()};
}

}  // namespace

base::Result<ScenarioSpec> parse_scenario(std::string_view yaml_text,
                                          std::string_view source_name) noexcept {
    Diagnostics diag(source_name);
    try {
        const std::vector<YAML::Node> documents = YAML::LoadAll(std::string(yaml_text));
        if (documents.size() != 1) {
            diag.error(config::Location{}, "",
                       "expected one YAML document, got " + std::to_string(documents.size()));
            return invalid(diag);
        }
        const Field document{documents.front(), "",
                             config::location_of(documents.front().Mark(), config::Location{})};
        ScenarioSpec spec = parse_document(diag, document);
        if (!diag.empty()) return invalid(diag);
        spec.source = std::string(source_name);
        return spec;
    } catch (const YAML::ParserException& e) {
        diag.error(config::location_of(e.mark, config::Location{}), "",
                   "YAML syntax error: " + e.msg);
        return invalid(diag);
    } catch (const std::exception& e) {
        return base::Error{base::ErrorCode::kInternal,
                           std::string(source_name) + ": scenario parser failed: " + e.what()};
    }
}

}  // namespace switchboard::sim
