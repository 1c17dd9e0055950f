// Options every command shares (docs/cli.md, "Budgets and progress"):
// --max-memory and --max-seconds set the process budget (core/budget.hpp)
// that a command checks its plan against before it starts working; unsigned
// options refuse a negative value instead of wrapping it around; counts take
// a readable range.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

namespace sethkit::cli {

// Adds --max-memory SIZE, --max-seconds S and (where the command has none of
// its own) -q, --quiet (no progress lines) to every command without
// subcommands of its own, under `app`.
void add_budget_options(CLI::App& app);

// Every option of an unsigned type, under `app`, refuses "-1" with
// "must be a non-negative integer" (CLI11 would wrap it to 2^64 - 1).
void refuse_negative_unsigned(CLI::App& app);

// An integer in [lo, hi], named in the message as "between 1 and 2^26".
CLI::Validator count_between(std::uint64_t lo, std::uint64_t hi);

// 2^26 for powers of two, the plain number otherwise.
std::string readable_count(std::uint64_t n);

}  // namespace sethkit::cli
