// Structured logs for the long-running commands: one line per event worth knowing, as
// `TIME level=LEVEL event=NAME key=value ...` on stderr, so they grep and ship as they are.
#pragma once

#include <string_view>

namespace switchboard::tools {

// `level` is the config's engine.log_level (trace | debug | info | warn | error).
void setup_logging(std::string_view level);

}  // namespace switchboard::tools
