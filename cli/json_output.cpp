#include "cli/json_output.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "core/error.hpp"
#include "core/json_report.hpp"

namespace sethkit::cli {

namespace {
int saved_stdout = -1;  // the real standard output while --json - holds it

// Standard output becomes standard error; the real one is kept for the document.
void claim_stdout() {
  if (saved_stdout >= 0) return;
  std::fflush(stdout);
  std::cout.flush();
  saved_stdout = ::dup(STDOUT_FILENO);
  if (saved_stdout < 0 || ::dup2(STDERR_FILENO, STDOUT_FILENO) < 0)
    throw Error(
        fmt::format("--json -: cannot set standard output aside: {}", std::strerror(errno)));
}

void write_all(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      throw Error(
          fmt::format("--json -: writing standard output failed: {}", std::strerror(errno)));
    done += static_cast<std::size_t>(n);
  }
}
}  // namespace

CLI::Option* add_json_option(CLI::App& cmd, std::string& into, const std::string& what) {
  return cmd
      .add_option("--json", into,
                  what +
                      " as JSON, to this file or '-' (standard output, the human text then "
                      "going to standard error; docs/json.md)")
      ->each([](const std::string& value) {
        if (value == "-") claim_stdout();
      });
}

bool json_holds_stdout() {
  return saved_stdout >= 0;
}

void require_stdout_free(const std::string& output, const char* option) {
  if (output == "-" && json_holds_stdout())
    throw ContractError(fmt::format(
        "--json - and {} - both want standard output; write one of them to a file", option));
}

void emit_json(const std::string& path, const std::string& document, int schema_version,
               nlohmann::json doc) {
  if (path.empty()) return;
  doc["document"] = document;
  doc["schema_version"] = schema_version;
  if (!doc.contains("tool")) doc["tool"] = tool_json();
  if (path != "-") {
    write_json(path, doc);
    return;
  }
  std::fflush(stdout);
  std::cout.flush();
  write_all(saved_stdout >= 0 ? saved_stdout : STDOUT_FILENO, doc.dump(2) + "\n");
}

nlohmann::json generated_json(const std::string& out, const Provenance& p) {
  return {{"tool", tool_json()},
          {"out", out},
          {"family", p.family},
          {"params", p.params},
          {"seed", p.seed ? nlohmann::json(*p.seed) : nlohmann::json(nullptr)},
          {"provenance", p.lines()}};
}

}  // namespace sethkit::cli
