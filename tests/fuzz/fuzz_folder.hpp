// A fuzz target's private temporary folder, for readers that take a path:
// made at the first call, removed at exit (the string is never destroyed, so
// the exit handler can still read it).
#pragma once

#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace sethkit::fuzz {

inline const std::string& private_folder(const char* prefix) {
  static const std::string* dir = [prefix] {
    auto* pattern = new std::string(
        (std::filesystem::temp_directory_path() / (std::string(prefix) + "-XXXXXX")).string());
    if (mkdtemp(pattern->data()) == nullptr) std::abort();
    std::atexit([] {
      std::error_code ignored;
      std::filesystem::remove_all(*dir, ignored);
    });
    return pattern;
  }();
  return *dir;
}

}  // namespace sethkit::fuzz
