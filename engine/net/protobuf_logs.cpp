#include "engine/net/protobuf_logs.hpp"

#include <google/protobuf/stubs/logging.h>
#include <spdlog/spdlog.h>

namespace switchboard::net {
namespace {

void to_spdlog(google::protobuf::LogLevel level, const char* file, int line,
               const std::string& message) {
    if (level >= google::protobuf::LOGLEVEL_FATAL) {
        spdlog::critical("event=protobuf_fatal at={}:{} message=\"{}\"", file, line, message);
        return;
    }
    spdlog::debug("event=protobuf_log at={}:{} message=\"{}\"", file, line, message);
}

}  // namespace

void route_protobuf_logs() { google::protobuf::SetLogHandler(&to_spdlog); }

}  // namespace switchboard::net
