#include "core/provenance.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/version.hpp"

namespace sethkit {

namespace {
std::string& command_line_storage() {
  static std::string line;
  return line;
}

std::vector<std::string>& arguments_storage() {
  static std::vector<std::string> args;
  return args;
}

// Quotes an argument that a shell would split or expand.
std::string shell_quote(const std::string& arg) {
  if (!arg.empty() && arg.find_first_of(" \t\n'\"\\$`*?;&|<>()") == std::string::npos) return arg;
  std::string out = "'";
  for (char ch : arg) out += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return out + "'";
}
}  // namespace

std::vector<std::string> Provenance::lines() const {
  std::vector<std::string> out{tool_banner()};
  if (!family.empty()) out.push_back("family: " + family);
  if (!params.empty()) out.push_back("params: " + params);
  if (seed) out.push_back(fmt::format("seed: {}", *seed));
  const std::string& cmd = command.empty() ? command_line() : command;
  if (!cmd.empty()) out.push_back("command: " + cmd);
  out.insert(out.end(), extra.begin(), extra.end());
  return out;
}

void set_command_line(int argc, const char* const* argv) {
  std::string line;
  for (int i = 0; i < argc; ++i) {
    if (i > 0) line += ' ';
    line += shell_quote(argv[i]);
  }
  command_line_storage() = line;
  arguments_storage().assign(argv + std::min(argc, 1), argv + argc);
}

const std::vector<std::string>& command_arguments() {
  return arguments_storage();
}

const std::string& command_line() {
  return command_line_storage();
}

std::string tool_banner() {
  return fmt::format("{} {} (git {})", kToolName, kToolVersion, kGitCommit);
}

}  // namespace sethkit
