// Karp-style random checking of every reduction (docs/checking.md): a
// reduction that passes only on YES instances is wrong in practice, so each
// checker runs the chain ending in its reduction on
//   - planted YES, planted (forced) NO and unplanted random instances,
//   - every instance below a tiny size (exhaustive),
// with the oracle's output perturbed just inside the certificate's tolerance
// (99% of it, uniform), the decoded answer compared with brute-force ground
// truth, the witness put through the independent checker, and the
// certificate's claimed sizes compared with the built instance. A failing
// instance is shrunk (vectors, coordinates or clauses removed while it still
// fails) and written to a regressions directory with its seed and command,
// where a permanent test replays it.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "attention/registry.hpp"

#include "chain/options.hpp"
#include "core/cnf.hpp"
#include "core/ov.hpp"

namespace sethkit {

// One instance through a checker: an empty string when everything agreed,
// else what went wrong (one line).
using OvCheck = std::function<std::string(const OvInstance&, std::uint64_t seed)>;
using CnfCheck = std::function<std::string(const Cnf&, std::uint64_t seed)>;

// The run bundle (docs/run_bundle.md) of one instance through the chain a
// checker exercises, with the oracle perturbed as in the check.
using CheckBundle = std::function<nlohmann::json(const ProblemValue&, std::uint64_t seed)>;

struct ReductionChecker {
  std::string name;    // the reduction's name in the reduction graph
  OvCheck ov;          // set for OV-source chains
  CnfCheck cnf;        // set for CNF-source chains
  CheckBundle bundle;  // optional
};

// The checkers of every reduction in the toolkit.
std::vector<ReductionChecker> default_checkers();

struct CheckParams {
  std::size_t trials = 1000;  // random instances per checker (a third each planted YES / NO / none)
  std::uint64_t seed = 1;
  std::size_t max_size = 8;  // random sizes: up to this many vectors per side / variables
  double time_limit_s = 60;  // per checker; the random trials stop there
  std::string regressions_dir = "instances/regressions";
  std::string command;            // recorded in a regression file
  std::string backend = "naive";  // the oracle of every chain checked
  BackendOptions backend_options;
};

struct CheckFailure {
  std::string family;  // "planted-yes", "planted-no", "random", "exhaustive"
  std::uint64_t seed = 0;
  std::string message;
  std::string instance;   // the shrunk counterexample, in its file format
  std::string file;       // where it was written ("" if writing failed)
  nlohmann::json bundle;  // its run bundle through the checker's chain (null without one)
};

struct CheckResult {
  std::string reduction;
  std::size_t random_trials = 0, exhaustive = 0;
  std::size_t yes = 0, no = 0;  // ground-truth answers seen
  std::optional<CheckFailure> failure;
  bool timed_out = false;
  double seconds = 0;
  // The run bundle of the last random instance checked (null without a bundle
  // function or without random trials): one complete record of what was checked.
  nlohmann::json sample_bundle;
};

using CheckProgress =
    std::function<void(const std::string& reduction, std::size_t done, std::size_t total)>;

CheckResult run_check(const ReductionChecker& checker, const CheckParams& params,
                      const CheckProgress& progress = {});

// The checkers named `name` ("all" for every one); ContractError naming the
// known reductions for an unknown name.
std::vector<ReductionChecker> select_checkers(const std::string& name);

// One reduction's entry in the check bundle: the counts, a sample run bundle
// and any counterexample with its run bundle (docs/run_bundle.md).
nlohmann::json to_json(const CheckResult& result);
// The inverse of to_json (a resumed check reads its finished reductions back);
// nlohmann's exception on a record of another shape.
CheckResult check_result_from_json(const nlohmann::json& record);

// The check bundle: the header (schema version, tool, command line, seed,
// trials, sizes), the number of failures and each result.
nlohmann::json check_bundle(const CheckParams& params, const std::vector<CheckResult>& results);

// Replays a regression file (an OV or DIMACS file named <reduction>-<seed>.ov|.cnf)
// through its reduction's checker: "" when it now passes.
std::string replay_regression(const std::string& path);

}  // namespace sethkit
