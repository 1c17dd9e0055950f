#include "core/error.hpp"

#include <fmt/format.h>

namespace sethkit {

namespace {
std::string locate(const std::string& file, std::size_t line, std::size_t column,
                   const std::string& message) {
  std::string where = file.empty() ? std::string("<input>") : file;
  if (line > 0) where += fmt::format(":{}", line);
  if (line > 0 && column > 0) where += fmt::format(":{}", column);
  return fmt::format("{}: {}", where, message);
}
}  // namespace

InputError::InputError(std::string file, std::size_t line, std::size_t column,
                       const std::string& message)
    : Error(locate(file, line, column, message)),
      file_(std::move(file)),
      line_(line),
      column_(column) {}

}  // namespace sethkit
