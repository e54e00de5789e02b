// Reading a whole text file for the CLI, with an error that names the file and the reason.
#pragma once

#include <string>

#include "engine/base/result.hpp"

namespace switchboard::tools {

base::Result<std::string> read_text_file(const std::string& path);

}  // namespace switchboard::tools
