// The protobuf library prints some parse failures (a string field with invalid UTF-8) straight
// to stderr. A server answers those with an Error frame already; this routes the library's own
// lines into our log at debug level, so a gateway sending bad bytes cannot flood the logs.
#pragma once

namespace switchboard::net {

// Process-wide; call once at start-up, before the server reads anything.
void route_protobuf_logs();

}  // namespace switchboard::net
