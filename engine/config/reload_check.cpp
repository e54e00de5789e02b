#include "engine/config/reload_check.hpp"

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "engine/base/assert.hpp"

namespace switchboard::config {
namespace {

using TenantsById = std::unordered_map<std::string_view, const model::TenantSpec*>;

constexpr std::string_view kEngineFixed = "fixed when the engine starts";
constexpr std::string_view kServerFixed = "the server binds and sizes its connections at start";

struct EngineKey {
    std::string_view name;
    std::uint32_t EngineSpec::*field;
};

// Every numeric engine.* key (log_level is read by the runtime when it logs; the CPU lists are
// checked below).
constexpr EngineKey kEngineKeys[] = {
    {"shards", &EngineSpec::shards},
    {"io_threads", &EngineSpec::io_threads},
    {"ring_capacity", &EngineSpec::ring_capacity},
    {"batch_max", &EngineSpec::batch_max},
    {"outbox_capacity", &EngineSpec::outbox_capacity},
    {"max_outboxes", &EngineSpec::max_outboxes},
    {"notice_capacity", &EngineSpec::notice_capacity},
    {"max_gateways", &EngineSpec::max_gateways},
    {"tick_ms", &EngineSpec::tick_ms},
    {"idle_spin_us", &EngineSpec::idle_spin_us},
};

class Reasons {
  public:
    void add(const std::string& path, const std::string& what) {
        lines_.push_back(path + ": " + what);
    }
    void restart(const std::string& path, const std::string& change, std::string_view why) {
        add(path, change + " needs a restart (" + std::string(why) + ")");
    }
    std::vector<std::string> take() { return std::move(lines_); }

  private:
    std::vector<std::string> lines_;
};

std::string text(std::int64_t v) { return std::to_string(v); }
std::string text(std::uint32_t v) { return std::to_string(v); }
std::string text(const ListenAddress& a) { return a.host + ":" + std::to_string(a.port); }
std::string text(const std::vector<std::uint32_t>& cpus) {
    std::string out = "[";
    for (std::size_t i = 0; i < cpus.size(); ++i) {
        out += (i == 0 ? "" : ", ") + std::to_string(cpus[i]);
    }
    return out + "]";
}
std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

template <typename T>
void restart_if_changed(Reasons& r, const std::string& path, const T& before, const T& after,
                        std::string_view why) {
    const std::string was = text(before);
    const std::string now = text(after);
    if (was != now) r.restart(path, was + " -> " + now, why);
}

void check_engine(Reasons& r, const EngineSpec& before, const EngineSpec& after) {
    for (const EngineKey& key : kEngineKeys) {
        restart_if_changed(r, "engine." + std::string(key.name), before.*key.field,
                           after.*key.field, kEngineFixed);
    }
    restart_if_changed(r, "engine.io_cpus", before.io_cpus, after.io_cpus, kEngineFixed);
    restart_if_changed(r, "engine.shard_cpus", before.shard_cpus, after.shard_cpus, kEngineFixed);
}

void check_server(Reasons& r, const ServerSpec& before, const ServerSpec& after) {
    restart_if_changed(r, "server.listen", before.listen, after.listen, kServerFixed);
    restart_if_changed(r, "server.admin_listen", before.admin, after.admin, kServerFixed);
    restart_if_changed(r, "server.max_frame_bytes", before.max_frame_bytes, after.max_frame_bytes,
                       kServerFixed);
    restart_if_changed(r, "server.max_connections", before.max_connections, after.max_connections,
                       kServerFixed);
    restart_if_changed(r, "server.max_buffered_bytes", before.max_buffered_bytes,
                       after.max_buffered_bytes, kServerFixed);
    restart_if_changed(r, "server.hello_timeout_ms", before.hello_timeout_ms,
                       after.hello_timeout_ms, kServerFixed);
}

// Live state holds the entries of `before` by position: `after` must start with the same names.
// One message per list: after the first moved entry, every later one moved too.
template <typename T, typename NameOf>
void check_appended_only(Reasons& r, const std::string& path, const std::vector<T>& before,
                         const std::vector<T>& after, NameOf name_of, std::string_view why) {
    const std::size_t common = std::min(before.size(), after.size());
    for (std::size_t i = 0; i < common; ++i) {
        if (name_of(before[i]) == name_of(after[i])) continue;
        r.restart(path + "[" + std::to_string(i) + "]",
                  quoted(name_of(before[i])) + " -> " + quoted(name_of(after[i])), why);
        return;
    }
    if (after.size() < before.size()) {
        r.restart(path + "[" + std::to_string(common) + "]",
                  quoted(name_of(before[common])) + " removed,", why);
    }
}

// A skill class by names, sorted, so that it compares across two tenant specs.
std::string skill_class(model::SkillSet skills, const std::vector<std::string>& names) {
    std::vector<std::string_view> held;
    skills.for_each([&](int s) {
        const auto index = static_cast<std::size_t>(s);
        held.push_back(index < names.size() ? std::string_view{names[index]} : "?");
    });
    std::sort(held.begin(), held.end());
    std::string out = "[";
    for (std::size_t i = 0; i < held.size(); ++i) {
        out += (i == 0 ? "" : ", ") + std::string(held[i]);
    }
    return out + "]";
}

void check_queue_skills(Reasons& r, const std::string& path, const model::TenantSpec& before,
                        const model::TenantSpec& after) {
    const std::size_t common = std::min(before.queues.size(), after.queues.size());
    for (std::size_t q = 0; q < common; ++q) {
        if (before.queues[q].name != after.queues[q].name) continue;  // reported as a move
        const std::string was = skill_class(before.queues[q].skills, before.skills);
        const std::string now = skill_class(after.queues[q].skills, after.skills);
        if (was == now) continue;
        r.restart(path + "[" + before.queues[q].name + "].skills", was + " -> " + now,
                  "a queue is the skill class its conversations were routed by");
    }
}

void check_limits(Reasons& r, const std::string& path, const model::TenantLimits& before,
                  const model::TenantLimits& sized, const model::TenantLimits& after) {
    // Up to the size the tables were built with is live, so a lowered limit can be raised back.
    if (after.max_agents > sized.max_agents) {
        r.restart(path + ".max_agents", text(before.max_agents) + " -> " + text(after.max_agents),
                  "the shard's agent table was sized from " + text(sized.max_agents) +
                      " at start; up to that is live");
    }
    if (after.max_conversations > sized.max_conversations) {
        r.restart(path + ".max_conversations",
                  text(before.max_conversations) + " -> " + text(after.max_conversations),
                  "the shard's conversation table and timing wheel were sized from " +
                      text(sized.max_conversations) + " at start; up to that is live");
    }
    restart_if_changed(r, path + ".max_sticky_customers", before.max_sticky_customers,
                       after.max_sticky_customers, "the sticky memory is sized from it at start");
}

void check_tenant(Reasons& r, const model::TenantSpec& before, const model::TenantLimits& sized,
                  const model::TenantSpec& after) {
    const std::string at = "tenants[" + before.id + "]";
    const auto itself = [](const std::string& name) -> const std::string& { return name; };
    const auto name_of = [](const auto& entry) -> const std::string& { return entry.name; };
    check_appended_only(r, at + ".skills", before.skills, after.skills, itself,
                        "agents and queues hold skills by position; only adding skills at the "
                        "end is live");
    check_appended_only(r, at + ".groups", before.groups, after.groups, itself,
                        "agents and ladders hold groups by position; only adding groups at the "
                        "end is live");
    check_appended_only(r, at + ".tiers", before.tiers, after.tiers, name_of,
                        "conversations and waiting lists hold tiers by position in priority "
                        "order; only adding a tier below the lowest priority is live");
    check_appended_only(r, at + ".queues", before.queues, after.queues, name_of,
                        "conversations and waiting lists hold queues by position; only adding "
                        "queues at the end is live");
    check_queue_skills(r, at + ".queues", before, after);
    check_limits(r, at + ".limits", before.limits, sized, after.limits);
}

TenantsById by_id(const Snapshot& snapshot) {
    TenantsById out;
    for (const model::TenantSpec& t : snapshot.tenants) out.emplace(t.id, &t);
    return out;
}

void check_tenants(Reasons& r, const Snapshot& running, const Snapshot& next) {
    const TenantsById old_ids = by_id(running);
    const TenantsById new_ids = by_id(next);
    for (const model::TenantSpec& before : running.tenants) {
        const auto found = new_ids.find(before.id);
        if (found == new_ids.end()) {
            r.add("tenants[" + before.id + "]",
                  "removed, needs a restart (its agents and conversations live in a shard)");
            continue;
        }
        check_tenant(r, before, running.sized_limits(before), *found->second);
    }
    for (const model::TenantSpec& after : next.tenants) {
        if (old_ids.contains(after.id)) continue;
        r.add("tenants[" + after.id + "]",
              "added, needs a restart (a shard sizes its agent, conversation and timer tables "
              "from its tenants' limits at start and cannot grow them)");
    }
}

}  // namespace

std::vector<std::string> check_reload(const Snapshot& running, const Snapshot& next) {
    Reasons reasons;
    check_engine(reasons, running.engine, next.engine);
    check_server(reasons, running.server, next.server);
    check_tenants(reasons, running, next);
    return reasons.take();
}

Snapshot align_tenant_order(const Snapshot& running, Snapshot next) {
    SB_ASSERT(running.tenants.size() == next.tenants.size());
    std::unordered_map<std::string_view, std::size_t> position;
    for (std::size_t i = 0; i < running.tenants.size(); ++i) {
        position.emplace(running.tenants[i].id, i);
    }
    const auto place = [&position](const model::TenantSpec& t) {
        const auto it = position.find(t.id);
        SB_ASSERT(it != position.end());
        return it->second;
    };
    std::sort(next.tenants.begin(), next.tenants.end(),
              [&place](const model::TenantSpec& a, const model::TenantSpec& b) {
                  return place(a) < place(b);
              });
    next.table_limits.clear();
    for (const model::TenantSpec& t : running.tenants) {
        next.table_limits.emplace(t.id, running.sized_limits(t));
    }
    return next;
}

}  // namespace switchboard::config
