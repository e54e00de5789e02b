// `switchboard demo`: the scripted run of DemoScript on a config, then a KPI summary.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "engine/config/parse_config.hpp"

#include "tools/commands.hpp"
#include "tools/demo_script.hpp"
#include "tools/text_file.hpp"

namespace switchboard::tools {
namespace {

std::int64_t percentile(std::vector<std::int64_t> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const auto i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
    return v[i];
}

void print_summary(const core::Shard& shard, const DemoTotals& totals, const std::string& path) {
    const core::ShardStats& st = shard.stats();
    std::printf("\n== Summary (virtual time %.1f min, config %s) ==\n",
                static_cast<double>(totals.ended_at_ms) / 60'000.0, path.c_str());
    std::printf("agents logged in            %u\n", totals.agents);
    std::printf("conversations opened        %llu, closed %llu, still open %u\n",
                static_cast<unsigned long long>(st.conversations_opened),
                static_cast<unsigned long long>(st.conversations_closed),
                shard.conversation_count());
    std::printf("assignments                 %llu (queued first: %llu)\n",
                static_cast<unsigned long long>(st.assignments),
                static_cast<unsigned long long>(st.queued));
    std::printf("reply warnings / misses     %llu / %llu\n",
                static_cast<unsigned long long>(st.reply_warnings),
                static_cast<unsigned long long>(st.reply_misses));
    std::printf("reassigned (missed/offer)   %llu, escalated %llu, auto-away %llu\n",
                static_cast<unsigned long long>(st.reassignments),
                static_cast<unsigned long long>(st.escalations),
                static_cast<unsigned long long>(st.auto_aways));
    std::printf("put back by logout          %llu, ladder widenings %llu, overflows %llu\n",
                static_cast<unsigned long long>(st.requeued_logout),
                static_cast<unsigned long long>(st.ladder_widenings),
                static_cast<unsigned long long>(st.overflows));
    std::printf("rejected events             %llu\n", static_cast<unsigned long long>(st.rejected));
    std::printf("first response time by tier (customer's first message -> first reply):\n");
    for (const auto& [tier, samples] : totals.first_reply_ms) {
        std::printf("  %-10s n=%-4zu p50 %6.1f s   p90 %6.1f s   max %6.1f s\n", tier.c_str(),
                    samples.size(), static_cast<double>(percentile(samples, 0.5)) / 1000.0,
                    static_cast<double>(percentile(samples, 0.9)) / 1000.0,
                    static_cast<double>(percentile(samples, 1.0)) / 1000.0);
    }
}

}  // namespace

int demo_command(const DemoOptions& options) {
    const base::Result<std::string> text = read_text_file(options.config_path);
    if (!text.ok()) {
        std::fprintf(stderr, "%s\n", text.error().message.c_str());
        return 1;
    }
    const std::string name = std::filesystem::path(options.config_path).filename().string();
    base::Result<config::Snapshot> parsed = config::parse_config(*text, name);
    if (!parsed.ok()) {
        std::fprintf(stderr, "%s\n", parsed.error().message.c_str());
        return 1;
    }
    auto snapshot = std::make_shared<const config::Snapshot>(std::move(parsed).value());
    core::Shard shard(snapshot, base::time_from_ms(0));
    const model::TenantSpec& tenant = snapshot->tenants.front();
    std::printf("switchboard demo: tenant %s from %s, seed %llu, %u conversations\n",
                tenant.id.c_str(), options.config_path.c_str(),
                static_cast<unsigned long long>(options.seed), options.conversations);
    std::printf("every line below is one action of the routing core, at virtual time\n\n");
    DemoScript script(shard, tenant, options.seed, options.verbose);
    script.log_in_agents();
    script.schedule_arrivals(options.conversations);
    script.run();
    print_summary(shard, script.totals(), options.config_path);
    const std::string problem = shard.check_invariants();
    if (!problem.empty()) {
        std::fprintf(stderr, "invariant broken: %s\n", problem.c_str());
        return 3;
    }
    return 0;
}

}  // namespace switchboard::tools
