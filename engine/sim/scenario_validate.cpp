// validate_scenario(): the scenario's names and numbers against the router config it runs on.
#include <string>

#include "engine/sim/scenario.hpp"

namespace switchboard::sim {
namespace {

std::string names_of(const std::vector<std::string>& names) {
    std::string list;
    for (const std::string& n : names) {
        if (!list.empty()) list.push_back('|');
        list.append(n);
    }
    return list;
}

template <typename Specs>
std::vector<std::string> names_of_specs(const Specs& specs) {
    std::vector<std::string> names;
    for (const auto& s : specs) names.push_back(s.name);
    return names;
}

class Report {
  public:
    void error(const SourceRef& ref, const std::string& what) {
        if (!text_.empty()) text_.push_back('\n');
        text_ += ref.at + ": " + ref.key + ": " + what;
    }
    void unknown(const SourceRef& ref, std::string_view kind, const std::string& name,
                 const std::vector<std::string>& known) {
        error(ref, "unknown " + std::string(kind) + " '" + name + "', expected one of " +
                       names_of(known));
    }
    base::Status status() const {
        if (text_.empty()) return base::Ok{};
        return base::Error{base::ErrorCode::kInvalidArgument, text_};
    }

  private:
    std::string text_;
};

void check_agents(Report& report, const ScenarioSpec& s, const model::TenantSpec& t) {
    std::uint64_t total = 0;
    for (const AgentGroupSpec& g : s.agents) {
        total += g.count;
        for (const SkillLevel& skill : g.skills) {
            if (!t.find_skill(skill.skill))
                report.unknown(skill.ref, "skill", skill.skill, t.skills);
        }
        for (std::size_t i = 0; i < g.groups.size(); ++i) {
            if (!t.find_group(g.groups[i])) {
                report.unknown(g.group_refs[i], "group", g.groups[i], t.groups);
            }
        }
        if (g.capacity > t.max_capacity) {
            report.error(g.ref, "capacity " + std::to_string(g.capacity) + " is above the " +
                                    "tenant's max_capacity " + std::to_string(t.max_capacity));
        }
    }
    if (total > t.limits.max_agents) {
        report.error(SourceRef{s.source, "agents"},
                     std::to_string(total) + " agents, the tenant's limits.max_agents is " +
                         std::to_string(t.limits.max_agents));
    }
}

}  // namespace

base::Status validate_scenario(const ScenarioSpec& s, const config::Snapshot& config) {
    Report report;
    const model::TenantSpec* t = config.find_tenant(s.tenant);
    if (t == nullptr) {
        std::vector<std::string> ids;
        for (const auto& tenant : config.tenants) ids.push_back(tenant.id);
        report.error(s.tenant_ref, "tenant '" + s.tenant + "' is not in " + config.source +
                                       ", expected one of " + names_of(ids));
        return report.status();
    }
    for (const NamedShare& share : s.tier_mix) {
        if (!t->find_tier(share.name)) {
            report.unknown(share.ref, "tier", share.name, names_of_specs(t->tiers));
        }
    }
    for (const NamedShare& share : s.queue_mix) {
        if (!t->find_queue(share.name)) {
            report.unknown(share.ref, "queue", share.name, names_of_specs(t->queues));
        }
    }
    check_agents(report, s, *t);
    return report.status();
}

}  // namespace switchboard::sim
