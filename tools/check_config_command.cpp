#include <cstdio>

#include "tools/commands.hpp"
#include "tools/config_file.hpp"

namespace switchboard::tools {

int check_config_command(const std::string& path) {
    const base::Result<config::Snapshot> snapshot = load_config_file(path);
    if (!snapshot.ok() && snapshot.error().code == base::ErrorCode::kIo) {
        std::fprintf(stderr, "%s\n", snapshot.error().message.c_str());
        return 1;
    }
    if (!snapshot.ok()) {
        std::fprintf(stderr, "%s\n%s: invalid, nothing loaded\n", snapshot.error().message.c_str(),
                     path.c_str());
        return 1;
    }
    std::printf("%s: OK, %zu tenant(s)\n", path.c_str(), snapshot->tenants.size());
    for (const model::TenantSpec& t : snapshot->tenants) {
        std::printf("  %s: %zu skills, %zu groups, %zu tiers, %zu queues, %zu SLA policies\n",
                    t.id.c_str(), t.skills.size(), t.groups.size(), t.tiers.size(), t.queues.size(),
                    t.sla_policies.size());
    }
    return 0;
}

}  // namespace switchboard::tools
