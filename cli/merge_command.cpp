// `sethkit merge -o OUT SHARD_JOURNAL...` (docs/scaling.md): joins the
// journals of the K shards of one sweep or check (core/journal_merge.hpp)
// and runs the shards' command again with --resume and output OUT, which
// computes nothing and writes the files the unsharded run writes. Exits with
// that run's status.
#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/json_output.hpp"
#include "core/error.hpp"
#include "core/file_io.hpp"
#include "core/journal_merge.hpp"
#include "core/json_report.hpp"

extern char** environ;

namespace sethkit::cli {

namespace {
// Runs this executable with `args`; returns its exit status.
int run_self(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  std::string program = "sethkit";
  argv.push_back(program.data());
  std::vector<std::string> copies = args;
  for (std::string& a : copies) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, "/proc/self/exe", nullptr, nullptr, argv.data(), environ);
  if (spawned != 0)
    throw ContractError(fmt::format("merge: cannot run sethkit again: {}", std::strerror(spawned)));
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) throw ContractError("merge: lost the run it started");
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return kExitError;
}
}  // namespace

void add_merge_command(CLI::App& app, int& exit_code) {
  struct Args {
    std::vector<std::string> journals;
    std::string out, json;
    bool force = false;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "merge",
      "Join the journals of the K shards of a sweep or check (--shard I/K) and write the files "
      "the unsharded run writes");
  cmd->add_option("journals", args->journals,
                  "The shards' journals, STEM.shard-I-of-K.partial.jsonl (any order)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("-o,--out", args->out,
                  "Where the unsharded run writes: the sweep's output folder, or check's JSON "
                  "bundle")
      ->required();
  cmd->add_flag("--force", args->force, "Replace results or a journal already at the output");
  add_json_option(*cmd, args->json, "The merge and the joined run's results document");
  cmd->callback([args, &exit_code] {
    const MergedShards merged = merge_shard_journals(args->journals, args->out, args->force);
    std::vector<std::string> command = merged.command;
    command.insert(command.end(), {merged.output_option, args->out, "--resume"});
    std::string shown = "sethkit";
    for (const std::string& a : command) shown += " " + a;
    fmt::print(stderr, "merge: {} shards, {} records joined in {}; writing the run's files: {}\n",
               merged.shards, merged.records, merged.journal, shown);
    std::fflush(stderr);
    exit_code = run_self(command);
    if (args->json.empty()) return;
    // The joined run's document: check's bundle (its --json), or a sweep's OUT/STEM.json.
    std::string results = args->out;
    if (merged.output_option != "--json") {
      results = merged.journal;
      const std::string suffix = ".partial.jsonl";
      if (results.size() > suffix.size() &&
          results.compare(results.size() - suffix.size(), suffix.size(), suffix) == 0)
        results = results.substr(0, results.size() - suffix.size()) + ".json";
    }
    std::error_code ec;
    emit_json(args->json, "merge", 1,
              {{"tool", tool_json()},
               {"shards", merged.shards},
               {"records", merged.records},
               {"journal", merged.journal},
               {"command", shown},
               {"exit_status", exit_code},
               {"results", std::filesystem::exists(results, ec)
                               ? nlohmann::json::parse(read_text_file(results))
                               : nlohmann::json(nullptr)}});
  });
}

}  // namespace sethkit::cli
