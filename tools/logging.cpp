#include "tools/logging.hpp"

#include <memory>

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace switchboard::tools {

void setup_logging(std::string_view level) {
    auto logger = spdlog::stderr_logger_mt("switchboard");
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z level=%l %v");
    logger->set_level(spdlog::level::from_str(std::string(level)));
    // Warnings and errors reach the terminal at once; the rest is flushed by the sink's buffer.
    logger->flush_on(spdlog::level::info);
    spdlog::set_default_logger(std::move(logger));
}

}  // namespace switchboard::tools
