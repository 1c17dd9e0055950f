// Conventions over the whole tree of subcommands, applied once every command
// is registered: `--version` on every subcommand, and an unknown subcommand
// named as such with the nearest known one (CLI11 alone reports `sethkit
// frobnicate` as "A subcommand is required"). For the latter the words before
// the first option are walked down the tree (`gen cnff`, `sweep transiton`);
// at a command that needs a subcommand, a word that names none is the error.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

namespace sethkit::cli {

// Adds `--version` (printing `banner`) to every subcommand, at any depth.
void add_version_flags(CLI::App& app, const std::string& banner);

// Every option's default is shown by --help (main.cpp captures them); one
// whose default is -1, this code's "automatic" or "unset" (poly's degree
// rule, performer's features, an assumed error from the certificate), shows
// none instead of a number it never uses. Its help says what it does.
void hide_sentinel_defaults(CLI::App& app);

// The one-line error for the first unknown subcommand in argv, or nullopt.
std::optional<std::string> unknown_command(const CLI::App& app, int argc, const char* const* argv);

}  // namespace sethkit::cli
