// The command line of the peer benchmarks (redis_assigner_bench, nats_relay_bench): the peer
// server's port (flag or environment, as bench/peers.sh passes it) and how long each measured
// window lasts. Bad input prints the usage and exits 2.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "bench/short_mode.hpp"

struct PeerOptions {
    int port = 0;
    double seconds = 0;
};

// `name`: the program, for messages; `port_env`: the environment variable holding the port;
// `full_seconds` / `short_seconds`: the window length without / with SB_BENCH_SHORT.
inline PeerOptions parse_peer_options(int argc, char** argv, const char* name, const char* port_env,
                                      double full_seconds, double short_seconds) {
    PeerOptions options;
    options.seconds = switchboard::bench::short_mode() ? short_seconds : full_seconds;
    if (const char* env = std::getenv(port_env)) options.port = std::atoi(env);
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg.starts_with("--port=")) {
            options.port = std::atoi(argv[i] + 7);
        } else if (arg.starts_with("--seconds=")) {
            options.seconds = std::atof(argv[i] + 10);
        } else {
            std::fprintf(stderr, "usage: %s --port=N [--seconds=S]\n", name);
            std::exit(2);
        }
    }
    if (options.port <= 0 || options.port > 65535 || !(options.seconds > 0)) {
        std::fprintf(stderr, "%s: need --port=N (or %s) in 1..65535 and seconds > 0\n", name,
                     port_env);
        std::exit(2);
    }
    return options;
}
