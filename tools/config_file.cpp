#include "tools/config_file.hpp"

#include <filesystem>

#include "engine/config/parse_config.hpp"

#include "tools/text_file.hpp"

namespace switchboard::tools {

base::Result<config::Snapshot> load_config_file(const std::string& path) {
    const base::Result<std::string> text = read_text_file(path);
    if (!text.ok()) return base::Error{base::ErrorCode::kIo, text.error().message};
    const std::string name = std::filesystem::path(path).filename().string();
    auto snapshot = config::parse_config(*text, name);
    if (!snapshot.ok())
        return base::Error{base::ErrorCode::kInvalidArgument, snapshot.error().message};
    snapshot.value().source = path;
    return snapshot;
}

}  // namespace switchboard::tools
