#include "engine/model/tenant_spec.hpp"

#include "engine/base/assert.hpp"

namespace switchboard::model {
namespace {

// A linear scan: a tenant has a handful of skills, tiers and queues, and every customer message
// looks up its tier and skills here. Names are compared by length and first byte before the
// bytes, so a miss rarely calls memcmp; name_of returns a view, never a copy.
template <typename Index, typename Range, typename NameOf>
std::optional<Index> find_by_name(const Range& range, std::string_view name, NameOf name_of) {
    for (std::size_t i = 0; i < range.size(); ++i) {
        const std::string_view candidate = name_of(range[i]);
        if (candidate.size() != name.size()) continue;
        if (!name.empty() && candidate.front() != name.front()) continue;
        if (candidate == name) return static_cast<Index>(i);
    }
    return std::nullopt;
}

}  // namespace

std::optional<SkillIndex> TenantSpec::find_skill(std::string_view name) const noexcept {
    return find_by_name<SkillIndex>(skills, name,
                                    [](const std::string& s) { return std::string_view(s); });
}

std::optional<GroupIndex> TenantSpec::find_group(std::string_view name) const noexcept {
    return find_by_name<GroupIndex>(groups, name,
                                    [](const std::string& g) { return std::string_view(g); });
}

std::optional<TierIndex> TenantSpec::find_tier(std::string_view name) const noexcept {
    return find_by_name<TierIndex>(tiers, name,
                                   [](const TierSpec& t) { return std::string_view(t.name); });
}

std::optional<QueueIndex> TenantSpec::find_queue(std::string_view name) const noexcept {
    return find_by_name<QueueIndex>(queues, name,
                                    [](const QueueSpec& q) { return std::string_view(q.name); });
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
