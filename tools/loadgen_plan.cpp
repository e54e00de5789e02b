#include "tools/loadgen_plan.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <numeric>

#include <unistd.h>

namespace switchboard::tools {
namespace {

base::Error invalid(std::string message) {
    return base::Error{base::ErrorCode::kInvalidArgument, std::move(message)};
}

std::optional<double> number(std::string_view text) {
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || value < 0) return std::nullopt;
    return value;
}

std::optional<std::uint64_t> digits_after(std::string_view text, std::string_view prefix) {
    if (text.size() <= prefix.size() || text.substr(0, prefix.size()) != prefix) {
        return std::nullopt;
    }
    std::uint64_t value = 0;
    const char* begin = text.data() + prefix.size();
    const auto [end, ec] = std::from_chars(begin, text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
}

// Unique per process start, so a rerun against the same server never meets the ids (or the
// delivery sequence numbers) of an earlier run.
std::string run_prefix() {
    const auto now = std::chrono::steady_clock::now().time_since_epoch().count();
    const auto mixed = static_cast<std::uint64_t>(now) * 0x9E3779B97F4A7C15ull ^
                       static_cast<std::uint64_t>(::getpid());
    char text[24];
    std::snprintf(text, sizeof text, "lg%08llx-",
                  static_cast<unsigned long long>(mixed >> 32 & 0xFFFF'FFFFull));
    return text;
}

std::vector<std::string> names_of(const model::TenantSpec& tenant, const model::SkillSet& set) {
    std::vector<std::string> names;
    set.for_each([&](std::size_t i) { names.push_back(tenant.skills[i]); });
    return names;
}

// Gateway, token, tenant, port, skills, groups and tiers from the server's config.
base::Status take_from_config(const LoadgenOptions& o, const config::Snapshot& config,
                              LoadPlan& plan) {
    const std::string where = o.config_path + ": ";
    const config::GatewaySpec* gateway = nullptr;
    for (const auto& g : config.gateways) {
        if (o.gateway.empty() || g.id == o.gateway) {
            gateway = &g;
            break;
        }
    }
    if (gateway == nullptr) {
        return invalid(
            where + (o.gateway.empty() ? "has no gateway" : "has no gateway '" + o.gateway + "'"));
    }
    plan.gateway = gateway->id;
    plan.token = o.token.empty() ? gateway->token : o.token;
    plan.tenant = o.tenant.empty() && !gateway->tenants.empty() ? gateway->tenants[0] : o.tenant;
    if (std::find(gateway->tenants.begin(), gateway->tenants.end(), plan.tenant) ==
        gateway->tenants.end()) {
        return invalid(where + "gateway '" + plan.gateway + "' may not act for tenant '" +
                       plan.tenant + "'");
    }
    const model::TenantSpec* tenant = config.find_tenant(plan.tenant);
    if (tenant == nullptr) return invalid(where + "has no tenant '" + plan.tenant + "'");
    plan.port = o.port != 0 ? o.port : config.server.listen.port;
    if (plan.port == 0) {
        return invalid(where + "server.listen has port 0 (any free port): pass --port");
    }
    plan.max_frame_bytes = config.server.max_frame_bytes;
    for (const auto& q : tenant->queues)
        plan.conversation_skills.push_back(names_of(*tenant, q.skills));
    for (const auto& t : tenant->tiers) plan.tiers.push_back(t.name);
    plan.agent_skills = tenant->skills;
    plan.agent_groups = tenant->groups;
    if (o.capacity > tenant->max_capacity) {
        return invalid("--capacity " + std::to_string(o.capacity) + ": tenant '" + plan.tenant +
                       "' allows at most " + std::to_string(tenant->max_capacity));
    }
    if (o.capacity == 0) plan.capacity = tenant->default_capacity;
    return base::Ok{};
}

base::Status take_from_flags(const LoadgenOptions& o, LoadPlan& plan) {
    std::string missing;
    if (o.port == 0) missing += " --port";
    if (o.gateway.empty()) missing += " --gateway";
    if (o.token.empty()) missing += " --token";
    if (o.tenant.empty()) missing += " --tenant";
    if (o.skills.empty()) missing += " --skills";
    if (!missing.empty()) return invalid("without --config, loadgen needs" + missing);
    plan.port = o.port;
    plan.gateway = o.gateway;
    plan.token = o.token;
    plan.tenant = o.tenant;
    for (const auto& s : o.skills) plan.conversation_skills.push_back({s});
    plan.agent_skills = o.skills;
    plan.agent_groups = o.groups;
    plan.tiers = o.tiers;
    return base::Ok{};
}

// Exactly round(share x agents) silent agents, spread over the connections by a seeded shuffle.
std::vector<bool> choose_silent(std::uint32_t agents, double share, std::uint64_t seed) {
    std::vector<std::uint32_t> order(agents);
    std::iota(order.begin(), order.end(), 0u);
    std::mt19937_64 rng(seed ^ 0x51'1E47ull);
    std::shuffle(order.begin(), order.end(), rng);
    const auto n = static_cast<std::uint32_t>(std::lround(share * agents));
    std::vector<bool> silent(agents, false);
    for (std::uint32_t i = 0; i < n; ++i) silent[order[i]] = true;
    return silent;
}

}  // namespace

std::chrono::nanoseconds DelaySpec::sample(std::mt19937_64& rng) const {
    double ms = a_ms;
    if (shape == Shape::kUniform) {
        ms = std::uniform_real_distribution<double>(a_ms, b_ms)(rng);
    } else if (shape == Shape::kExponential && a_ms > 0) {
        ms = std::min(10 * a_ms, std::exponential_distribution<double>(1.0 / a_ms)(rng));
    }
    return std::chrono::nanoseconds(static_cast<std::int64_t>(ms * 1e6));
}

base::Result<DelaySpec> parse_delay(std::string_view text) {
    const auto bad = [&] {
        return invalid("--reply-delay-ms '" + std::string(text) +
                       "': expected N, MIN-MAX or exp:MEAN (milliseconds, >= 0)");
    };
    DelaySpec spec;
    if (text.substr(0, 4) == "exp:") {
        const auto mean = number(text.substr(4));
        if (!mean) return bad();
        return DelaySpec{DelaySpec::Shape::kExponential, *mean, *mean};
    }
    const auto dash = text.find('-');
    if (dash == std::string_view::npos) {
        const auto fixed = number(text);
        if (!fixed) return bad();
        return DelaySpec{DelaySpec::Shape::kFixed, *fixed, *fixed};
    }
    const auto lo = number(text.substr(0, dash));
    const auto hi = number(text.substr(dash + 1));
    if (!lo || !hi || *hi < *lo) return bad();
    return DelaySpec{DelaySpec::Shape::kUniform, *lo, *hi};
}

base::Status check_loopback_host(std::string_view host) {
    if (host == "127.0.0.1" || host == "localhost" || host == "::1") return base::Ok{};
    return invalid("--host " + std::string(host) +
                   ": refused, loadgen only talks to this machine (127.0.0.1, localhost or ::1)");
}

std::uint64_t LoadPlan::quota(std::uint32_t c) const noexcept {
    return conversations / connections + (c < conversations % connections ? 1 : 0);
}

std::uint32_t LoadPlan::silent_agents() const noexcept {
    return static_cast<std::uint32_t>(std::count(silent.begin(), silent.end(), true));
}

std::string LoadPlan::agent_name(std::uint32_t agent) const {
    return run_prefix + "a" + std::to_string(agent);
}

std::string LoadPlan::conversation_id(std::uint64_t slot) const {
    return run_prefix + std::to_string(slot);
}

std::optional<std::uint32_t> LoadPlan::agent_of(std::string_view name) const {
    const auto n = digits_after(name, run_prefix + "a");
    if (!n || *n >= std::uint64_t{connections} * agents_per_connection) return std::nullopt;
    return static_cast<std::uint32_t>(*n);
}

std::optional<std::uint64_t> LoadPlan::slot_of(std::string_view id) const {
    const auto n = digits_after(id, run_prefix);
    if (!n || *n >= per_connection() * connections) return std::nullopt;
    return n;
}

base::Result<LoadPlan> make_plan(const LoadgenOptions& o, const config::Snapshot* config) {
    if (auto host = check_loopback_host(o.host); !host.ok()) return host.error();
    LoadPlan plan;
    plan.host = o.host;
    auto taken = config != nullptr ? take_from_config(o, *config, plan) : take_from_flags(o, plan);
    if (!taken.ok()) return taken.error();
    if (o.capacity != 0) plan.capacity = o.capacity;
    auto delay = parse_delay(o.reply_delay_ms);
    if (!delay.ok()) return delay.error();
    plan.reply_delay = delay.value();
    plan.connections = o.connections;
    plan.agents_per_connection = o.agents;
    const std::uint32_t capacity = plan.capacity.value_or(5);
    plan.window_per_connection = o.window != 0 ? o.window : o.agents * capacity;
    plan.rate = o.rate;
    plan.conversations = o.conversations;
    plan.duration = std::chrono::nanoseconds(static_cast<std::int64_t>(o.duration_s * 1e9));
    plan.drain = std::chrono::nanoseconds(static_cast<std::int64_t>(o.drain_s * 1e9));
    plan.silent = choose_silent(o.connections * o.agents, o.silent_share, o.seed);
    plan.follow_ups = o.follow_ups;
    plan.seed = o.seed;
    plan.run_prefix = run_prefix();
    plan.json_path = o.json_path;
    plan.progress = o.progress;
    return plan;
}

}  // namespace switchboard::tools
