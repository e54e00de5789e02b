#include "engine/model/tenant_spec.hpp"

#include "engine/base/assert.hpp"

namespace switchboard::model {
namespace {

template <typename Index, typename Range, typename NameOf>
std::optional<Index> find_by_name(const Range& range, std::string_view name, NameOf name_of) {
    for (std::size_t i = 0; i < range.size(); ++i) {
        if (name_of(range[i]) == name) return static_cast<Index>(i);
    }
    return std::nullopt;
}

}  // namespace

std::optional<SkillIndex> TenantSpec::find_skill(std::string_view name) const noexcept {
    return find_by_name<SkillIndex>(skills, name, [](const std::string& s) { return s; });
}

std::optional<GroupIndex> TenantSpec::find_group(std::string_view name) const noexcept {
    return find_by_name<GroupIndex>(groups, name, [](const std::string& g) { return g; });
}

std::optional<TierIndex> TenantSpec::find_tier(std::string_view name) const noexcept {
    return find_by_name<TierIndex>(tiers, name, [](const TierSpec& t) { return t.name; });
}

std::optional<QueueIndex> TenantSpec::find_queue(std::string_view name) const noexcept {
    return find_by_name<QueueIndex>(queues, name, [](const QueueSpec& q) { return q.name; });
}

std::optional<QueueIndex> TenantSpec::find_queue_for(SkillSet wanted) const noexcept {
    for (std::size_t i = 0; i < queues.size(); ++i) {
        if (queues[i].skills == wanted) return static_cast<QueueIndex>(i);
    }
    return std::nullopt;
}

const SlaPolicy& TenantSpec::policy_for(TierIndex tier, QueueIndex queue) const noexcept {
    SB_ASSERT(tier < tiers.size());
    SB_ASSERT(queue < queues.size());
    const PolicyIndex index = queues[queue].sla_policy.value_or(tiers[tier].sla_policy);
    SB_ASSERT(index < sla_policies.size());
    return sla_policies[index];
}

}  // namespace switchboard::model
