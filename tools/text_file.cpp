#include "tools/text_file.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace switchboard::tools {

base::Result<std::string> read_text_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return base::Error{base::ErrorCode::kIo,
                           path + ": cannot open: " + std::string(std::strerror(errno))};
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) {
        return base::Error{base::ErrorCode::kIo, path + ": read failed"};
    }
    return text.str();
}

}  // namespace switchboard::tools
