// The oracle arena (docs/experiments/oracles.md): every attention backend as
// the oracle on three families, the hypothesis being the Alman-Song theorem's
// reading for fast attention ("Fast Attention Requires Bounded Entries",
// NeurIPS 2023): subquadratic oracles are accurate when entries are
// o(sqrt(log n)) and fail at Theta(sqrt(log n)), where SETH forbids a truly
// subquadratic algorithm.
//   easy:      Q, K, V uniform in [-B, B], B = kappa sqrt(ln n), kappa <= 0.5,
//              d = 16, scale 1/d (no decision: error and time only);
//   threshold: planted Gap-Hamming (n points per side, dim = 2 log2 n, t = 1,
//              NO rows at distance >= dim / 8) through the one-sink
//              Gap-Hamming -> attention construction at entry magnitude
//              kappa sqrt(ln n); rows judged by the bare threshold rule
//              against brute-force labels;
//   hard:      random 3-CNF (v variables, 4.26 v clauses; one SAT and one
//              UNSAT formula per v) -> OV (split and list) -> attention (one
//              sink); rows judged against brute-force OV row labels, the
//              verdict against the OV answer.
// Per cell and oracle: max error on sampled rows against exact float64
// attention, rows decided right, verdict right, time, time against flash.
// The approximate backends also run at budgets scaled by each factor of
// `budgets` (their main parameter times the factor). A refusal is recorded
// with its reason, never a number.
#pragma once

#include "experiments/sweep_plan.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cmath>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace sethkit {

struct OracleArenaParams {
  std::vector<std::string> backends = {"flash", "poly",     "conv",    "performer",
                                       "hyper", "reformer", "nystrom", "window"};
  std::vector<double> budgets = {0.25, 1, 4};  // factors of the default budget
  std::vector<int> log_n = {10, 11, 12, 13, 14, 15, 16};
  std::vector<double> easy_kappas = {0.25, 0.5};
  std::vector<double> threshold_kappas = {0.25, 0.5, 1, 2, 4, 8, 16};
  std::vector<int> vars = {12, 14, 16, 18, 20, 22, 24};
  long sample_rows = 256;
  std::uint64_t seed = 1;
};

struct OracleArenaCell {
  std::string family;           // easy, threshold, hard
  long n = 0, d = 0;            // keys, head dimension
  double kappa = 0;             // B / sqrt(ln n) (easy, threshold); the built instance's (hard)
  double kappa_required = NAN;  // threshold: the kappa at which the construction's
                                // YES and NO bounds separate (its certificate's s)
  int vars = 0;                 // hard: the formula's variables
  int truth = -1;               // hard, threshold: 1 YES, 0 NO, -1 none
  std::string backend;          // the oracle
  double budget = 1;            // factor of its default budget
  std::string parameters;
  double seconds = 0, flash_seconds = 0;
  double max_error = 0;    // sampled rows against exact; NaN when refused
  double rows_right = -1;  // fraction of labelled rows decided right; -1 without labels
  int verdict_right = -1;  // 1 or 0; -1 without a verdict
  std::string note;        // "refused: ..." or ""
};

using OracleArenaProgress =
    std::function<void(const OracleArenaCell&, std::size_t done, std::size_t total)>;

// Throws ContractError naming an unknown backend or a bad grid value.
void check_oracle_arena(const OracleArenaParams& params);

class CellJournal;

// Checks the grid (check_oracle_arena) before any work, then runs it. With a
// journal (core/cell_journal.hpp), groups of cells recorded there are
// reused without building their inputs, and new ones recorded as they finish.
std::vector<OracleArenaCell> run_oracle_arena(const OracleArenaParams& params,
                                              const OracleArenaProgress& progress = {},
                                              CellJournal* journal = nullptr);

// The whole grid and seed, as the journal's parameters.
nlohmann::json oracle_arena_parameters(const OracleArenaParams& params);

std::string oracle_arena_csv(const std::vector<OracleArenaCell>& cells);
nlohmann::json oracle_arena_json(const OracleArenaParams& params,
                                 const std::vector<OracleArenaCell>& cells);

// The grid's cost before any work (experiments/sweep_plan.hpp).
SweepPlan oracle_arena_plan(const OracleArenaParams& params);

}  // namespace sethkit
