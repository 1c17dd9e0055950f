#include "cli/budget_options.hpp"

#include <fmt/format.h>

#include <bit>
#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "core/budget.hpp"
#include "core/progress.hpp"

namespace sethkit::cli {

namespace {
void add_to_leaf(CLI::App& cmd) {
  const auto subs = cmd.get_subcommands([](CLI::App*) { return true; });
  if (!subs.empty()) {
    for (CLI::App* sub : subs) add_to_leaf(*sub);
    return;
  }
  cmd.add_option_function<std::string>(
         "--max-memory",
         [](const std::string& text) {
           Budget b = process_budget();
           b.max_bytes = *parse_byte_size(text);
           set_process_budget(b);
         },
         fmt::format("Memory budget: refuse before starting a run planned to need more "
                     "(e.g. 4G, 512M; default: half the machine's memory, {})",
                     format_bytes(physical_memory_bytes() / 2)))
      ->check(CLI::Validator(
          [](std::string& text) -> std::string {
            return parse_byte_size(text)
                       ? std::string()
                       : fmt::format("expected a size such as 512M, 4G or 1T, found '{}'", text);
          },
          "SIZE"));
  cmd.add_option_function<double>(
         "--max-seconds",
         [](const double& seconds) {
           Budget b = process_budget();
           b.max_seconds = seconds;
           set_process_budget(b);
         },
         "Time budget: refuse before starting a run whose estimated time is longer (default: no "
         "limit)")
      ->check(CLI::PositiveNumber);
  if (cmd.get_option_no_throw("--quiet") == nullptr)
    cmd.add_flag_function(
        "-q,--quiet", [](std::int64_t) { set_progress_enabled(false); },
        "No progress lines on standard error");
}
}  // namespace

void add_budget_options(CLI::App& app) {
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) add_to_leaf(*sub);
}

void refuse_negative_unsigned(CLI::App& app) {
  for (CLI::Option* opt : app.get_options()) {
    const std::string type = opt->get_type_name();
    if (type.rfind("UINT", 0) != 0) continue;
    opt->check(CLI::Validator(
        [](std::string& text) -> std::string {
          const auto first = text.find_first_not_of(" \t");
          if (first != std::string::npos && text[first] == '-')
            return fmt::format("must be a non-negative integer, found '{}'", text);
          return {};
        },
        ""));
  }
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; }))
    refuse_negative_unsigned(*sub);
}

std::string readable_count(std::uint64_t n) {
  if (n >= 1024 && std::has_single_bit(n)) return fmt::format("2^{}", std::countr_zero(n));
  return fmt::format("{}", n);
}

CLI::Validator count_between(std::uint64_t lo, std::uint64_t hi) {
  const std::string range = fmt::format("{} - {}", readable_count(lo), readable_count(hi));
  return CLI::Validator(
      [lo, hi](std::string& text) -> std::string {
        errno = 0;
        char* end = nullptr;
        const bool negative = text.find('-') != std::string::npos;
        const unsigned long long v = std::strtoull(text.c_str(), &end, 10);
        if (negative || errno != 0 || end == text.c_str() || *end != '\0' || v < lo || v > hi)
          return fmt::format("must be an integer between {} and {}, found '{}'", readable_count(lo),
                             readable_count(hi), text);
        return {};
      },
      "INT in [" + range + "]");
}

}  // namespace sethkit::cli
