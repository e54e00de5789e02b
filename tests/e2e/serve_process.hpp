// `switchboard serve` as a child process for the end-to-end tests: started on a config file with
// ephemeral ports, its banner parsed for the gateway and admin ports, signalled, waited for.
// Plus a minimal blocking HTTP/1.1 client for the admin endpoint.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <sys/types.h>

namespace switchboard::e2e {

struct HttpReply {
    int status = 0;
    std::string body;
};

// The number right after the first `prefix` in `text`, or -1. (No std::regex: GCC 12 warns inside
// it under the sanitizers, and the warnings are errors here.)
long long number_after(const std::string& text, const std::string& prefix);

// One request on a fresh connection to 127.0.0.1:port ("Connection: close"); status 0 when the
// connection failed.
HttpReply http_request(std::uint16_t port, const std::string& method, const std::string& target);

class ServeProcess {
  public:
    // Starts `binary serve --config config_path`; returns once the banner named both ports (or
    // the process died: then running() is false and output() says why).
    ServeProcess(const std::string& binary, const std::string& config_path,
                 std::vector<std::string> extra_args = {});
    ~ServeProcess();
    ServeProcess(const ServeProcess&) = delete;
    ServeProcess& operator=(const ServeProcess&) = delete;

    bool running() const noexcept { return pid_ > 0 && exit_code_ < 0; }
    std::uint16_t gateway_port() const noexcept { return gateway_port_; }
    std::uint16_t admin_port() const noexcept { return admin_port_; }
    void signal(int sig) const;
    // Waits for the exit; returns its exit code, or -1 after `timeout` (the process is killed).
    int wait(std::chrono::milliseconds timeout);
    // Everything the process printed on stdout and stderr so far.
    std::string output();

  private:
    void read_available(std::chrono::milliseconds timeout);

    pid_t pid_ = -1;
    int out_fd_ = -1;
    int exit_code_ = -1;
    std::string output_;
    std::uint16_t gateway_port_ = 0;
    std::uint16_t admin_port_ = 0;
};

}  // namespace switchboard::e2e
