#include "cli/command_tree.hpp"

#include <fmt/format.h>

#include <vector>

#include "core/suggest.hpp"

namespace sethkit::cli {

void add_version_flags(CLI::App& app, const std::string& banner) {
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    sub->set_version_flag("--version", banner);
    add_version_flags(*sub, banner);
  }
}

void hide_sentinel_defaults(CLI::App& app) {
  for (CLI::Option* o : app.get_options([](CLI::Option*) { return true; }))
    if (o->get_default_str() == "-1") o->default_str("");
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; }))
    hide_sentinel_defaults(*sub);
}

std::optional<std::string> unknown_command(const CLI::App& app, int argc, const char* const* argv) {
  const CLI::App* current = &app;
  std::string path = "sethkit";
  for (int i = 1; i < argc; ++i) {
    const std::string word = argv[i];
    if (word.empty() || word.front() == '-') return std::nullopt;  // options: CLI11's
    std::vector<std::string> names;
    const CLI::App* next = nullptr;
    for (const CLI::App* sub : current->get_subcommands([](const CLI::App*) { return true; })) {
      names.push_back(sub->get_name());
      if (sub->get_name() == word) next = sub;
    }
    if (next == nullptr) {
      if (names.empty() || current->get_require_subcommand_min() == 0) return std::nullopt;
      return fmt::format("unknown command '{} {}'{} ({} --help lists the commands)", path, word,
                         did_you_mean(word, names), path);
    }
    current = next;
    path += " " + word;
  }
  return std::nullopt;
}

}  // namespace sethkit::cli
