// Live-reload helpers for the shard tests: a snapshot parsed from YAML, and Shard::reconfigure
// with the actions it emitted as readable lines (like Scenario::at).
#pragma once

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/config/parse_config.hpp"
#include "engine/config/reload_check.hpp"

#include "tests/core/scenario.hpp"

namespace switchboard::testing {

// Parses `yaml` or aborts the test binary with the parser's message.
inline std::shared_ptr<const config::Snapshot> snapshot_of(std::string_view yaml) {
    base::Result<config::Snapshot> parsed = config::parse_config(yaml, "reload.yaml");
    if (!parsed.ok()) {
        std::fprintf(stderr, "reload config invalid:\n%s\n", parsed.error().message.c_str());
        std::abort();
    }
    return std::make_shared<const config::Snapshot>(std::move(parsed).value());
}

// Reconfigures the scenario's shard to `yaml` at the scenario's current time. A reload that
// check_reload refuses fails the test instead of breaking the shard's preconditions.
inline std::vector<std::string> reload(Scenario& s, std::string_view yaml) {
    const std::shared_ptr<const config::Snapshot> next = snapshot_of(yaml);
    const std::vector<std::string> refused = config::check_reload(s.shard().snapshot(), *next);
    if (!refused.empty()) {
        ADD_FAILURE() << "check_reload refused the test's reload: " << refused.front();
        return refused;
    }
    Recorder recorder(s.shard());
    s.shard().reconfigure(next, recorder);
    return recorder.take();
}

}  // namespace switchboard::testing
