// The machine-readable output of the end-to-end benchmarks (server_bench and its peers), read by
// bench/ratios.py: one flat JSON object of named figures, written when SB_BENCH_JSON names a
// file. Figures are numbers or short strings (a mode name); names are plain identifiers, so
// nothing needs escaping beyond what json_text() does. Single-threaded, at the end of a run.
#pragma once

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

namespace switchboard::bench {

class JsonFigures {
  public:
    void add(std::string name, double value) { numbers_.emplace_back(std::move(name), value); }
    void add(std::string name, std::string text) {
        texts_.emplace_back(std::move(name), std::move(text));
    }

    // Writes the object to the file named by SB_BENCH_JSON, if set. Returns false only when the
    // variable is set and the file could not be written (the caller exits non-zero: a script
    // reading the figures must not take a stale file for this run's).
    bool write_if_requested() const {
        const char* path = std::getenv("SB_BENCH_JSON");
        if (path == nullptr || *path == '\0') return true;
        std::FILE* out = std::fopen(path, "w");
        if (out == nullptr) {
            std::perror(path);
            return false;
        }
        std::fputs("{", out);
        const char* separator = "\n";
        for (const auto& [name, value] : numbers_) {
            // JSON has no NaN or infinity: a figure that could not be measured is null.
            if (std::isfinite(value)) {
                std::fprintf(out, "%s  \"%s\": %.6g", separator, name.c_str(), value);
            } else {
                std::fprintf(out, "%s  \"%s\": null", separator, name.c_str());
            }
            separator = ",\n";
        }
        for (const auto& [name, text] : texts_) {
            std::fprintf(out, "%s  \"%s\": \"%s\"", separator, name.c_str(),
                         json_text(text).c_str());
            separator = ",\n";
        }
        std::fputs("\n}\n", out);
        return std::fclose(out) == 0;
    }

  private:
    static std::string json_text(const std::string& text) {
        std::string escaped;
        for (const char c : text) {
            if (c == '"' || c == '\\') escaped.push_back('\\');
            if (static_cast<unsigned char>(c) >= 0x20) escaped.push_back(c);
        }
        return escaped;
    }

    std::vector<std::pair<std::string, double>> numbers_;
    std::vector<std::pair<std::string, std::string>> texts_;
};

}  // namespace switchboard::bench
