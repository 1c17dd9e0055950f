#include "experiments/oracle_arena.hpp"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>

#include "attention/cost_model.hpp"
#include "attention/reference_check.hpp"
#include "attention/registry.hpp"
#include "attention/stats.hpp"
#include "core/cell_journal.hpp"
#include "core/error.hpp"
#include "core/json_report.hpp"
#include "core/packed_rows.hpp"
#include "core/rng.hpp"
#include "core/stopwatch.hpp"
#include "experiments/sweep_output.hpp"
#include "instances/planted_gap_hamming.hpp"
#include "instances/random_cnf.hpp"
#include "reductions/cnf_to_ov.hpp"
#include "reductions/gap_hamming_to_attention.hpp"
#include "reductions/ov_to_attention.hpp"

namespace sethkit {

namespace {
constexpr Eigen::Index kEasyD = 16;
constexpr double kClauseRatio = 4.26;
constexpr int kFormulaTries = 400;
constexpr std::uint64_t kPolyMaxRank = 20000;  // poly refuses beyond: minutes per cell

// One input of the arena with what judges its rows.
struct Task {
  std::string family;
  Matrix q, k, v;
  double scale = 1, kappa = 0, threshold = 0.5, kappa_required = NAN;
  int vars = 0, truth = -1;
  std::vector<int> labels;  // per source row: 1 YES, 0 NO, -1 unjudged; empty: no decision
};

// The backend at `factor` times its default budget, for n keys in dimension d.
BackendOptions budget_options(const std::string& backend, double factor, Eigen::Index n,
                              Eigen::Index d) {
  BackendOptions o;
  o.max_rank = kPolyMaxRank;
  const auto scaled = [&](double base) { return std::max(1L, std::lround(base * factor)); };
  if (backend == "performer")
    o.performer.features = scaled(
        std::max(1.0, std::round(static_cast<double>(d) * std::log(static_cast<double>(d)))));
  if (backend == "hyper") {
    o.hyper.block = scaled(256);
    o.hyper.samples = std::min<long>(n, scaled(HyperBackend::kDefaultSamples));
  }
  if (backend == "reformer") o.reformer.chunk = scaled(64);
  if (backend == "nystrom")
    o.nystrom.landmarks = std::min<long>(n, scaled(NystromBackend::kDefaultLandmarks));
  if (backend == "window") o.window.window = scaled(512);
  return o;
}

Task easy_task(int log_n, double kappa, std::uint64_t seed) {
  const Eigen::Index n = Eigen::Index{1} << log_n;
  const double b = kappa * std::sqrt(std::log(static_cast<double>(n)));
  Rng rng(seed);
  Task t;
  t.family = "easy";
  t.kappa = kappa;
  t.q = uniform_matrix(rng, n, kEasyD, b);
  t.k = uniform_matrix(rng, n, kEasyD, b);
  t.v = uniform_matrix(rng, n, kEasyD, b);
  t.scale = 1.0 / kEasyD;
  return t;
}

// Planted Gap-Hamming as in the transition sweep, at entry magnitude kappa sqrt(ln n).
Task threshold_task(const GapHamming& g, long n, double kappa) {
  const AttentionInstance inst = GapHammingToAttention().encode_at_magnitude(
      g, kappa * std::sqrt(std::log(static_cast<double>(n))));
  Task t;
  t.family = "threshold";
  t.kappa = kappa;
  t.kappa_required =
      GapHammingToAttention().certificate(g).s / std::sqrt(std::log(static_cast<double>(n)));
  t.q = inst.q;
  t.k = inst.k;
  t.v = inst.v;
  t.scale = inst.scale;
  t.threshold = inst.certificate.threshold;
  t.truth = 0;
  for (GapLabel l : g.labels) {
    t.labels.push_back(l == GapLabel::kYes ? 1 : l == GapLabel::kNo ? 0 : -1);
    if (l == GapLabel::kYes) t.truth = 1;
  }
  return t;
}

// A random 3-CNF through CNF -> OV -> attention, with brute-force OV row labels.
Task hard_task(const Cnf& cnf, int vars, const std::vector<int>& labels) {
  const SplitOv split = CnfToOv().encode(cnf);
  const AttentionInstance inst = OvToAttention().encode(split.ov);
  Task t;
  t.family = "hard";
  t.vars = vars;
  t.q = inst.q;
  t.k = inst.k;
  t.v = inst.v;
  t.scale = inst.scale;
  t.kappa = inst.certificate.entry_bound_ratio;
  t.threshold = inst.certificate.threshold;
  t.labels = labels;
  t.truth = 0;
  for (int l : labels) t.truth |= l == 1 ? 1 : 0;
  return t;
}

std::vector<int> ov_row_labels(const OvInstance& ov) {
  const PackedRows a(ov, true), b(ov, false);
  std::vector<int> labels(a.rows(), 0);
#pragma omp parallel for schedule(dynamic)
  for (std::size_t i = 0; i < a.rows(); ++i)
    for (std::size_t j = 0; j < b.rows() && labels[i] == 0; ++j)
      if (packed_orthogonal(a, i, b, j)) labels[i] = 1;
  return labels;
}

// One SAT and one UNSAT random 3-CNF with v variables (by the OV answer).
std::vector<Task> hard_tasks(int vars, std::uint64_t seed) {
  std::vector<Task> tasks;
  bool have[2] = {false, false};
  for (int attempt = 0; attempt < kFormulaTries && !(have[0] && have[1]); ++attempt) {
    RandomCnfParams p;
    p.vars = vars;
    p.clauses = static_cast<std::size_t>(std::lround(kClauseRatio * vars));
    p.seed = seed + static_cast<std::uint64_t>(attempt);
    const Cnf cnf = random_kcnf(p).cnf;
    const std::vector<int> labels = ov_row_labels(CnfToOv().encode(cnf).ov);
    int sat = 0;
    for (int l : labels) sat |= l;
    if (have[sat]) continue;
    have[sat] = true;
    tasks.push_back(hard_task(cnf, vars, labels));
  }
  return tasks;
}

// Rows of the source (the first labels.size() queries; sink queries after
// them are not decoded) by the bare threshold rule.
void judge(const Task& t, const Matrix& out, OracleArenaCell& cell) {
  if (t.labels.empty()) return;
  std::size_t judged = 0, right = 0;
  bool yes = false;
  for (std::size_t i = 0; i < t.labels.size(); ++i) {
    const double y = out(static_cast<Eigen::Index>(i), 0);
    const bool row_yes = y < t.threshold;
    yes = yes || row_yes;
    if (t.labels[i] < 0) continue;
    ++judged;
    right += row_yes == (t.labels[i] == 1) ? 1 : 0;
  }
  cell.rows_right = judged == 0 ? -1 : static_cast<double>(right) / static_cast<double>(judged);
  if (t.truth >= 0) cell.verdict_right = yes == (t.truth == 1) ? 1 : 0;
}

void run_task(const Task& t, const OracleArenaParams& p, std::vector<OracleArenaCell>& cells,
              std::size_t total, const OracleArenaProgress& progress) {
  const AttentionInput in{t.q, t.k, t.v, t.scale};
  const std::vector<Eigen::Index> rows =
      evenly_spaced_rows(t.q.rows(), static_cast<std::size_t>(p.sample_rows));
  const Matrix reference = reference_rows(in, rows);
  Stopwatch flash_watch;
  const AttentionOutput flash = make_backend("flash")->run(in);
  const double flash_seconds = flash_watch.seconds();
  for (const std::string& name : p.backends) {
    const std::vector<double> factors =
        is_approximate_backend(name) ? p.budgets : std::vector<double>{1.0};
    for (double factor : factors) {
      OracleArenaCell cell;
      cell.family = t.family;
      cell.n = t.k.rows();
      cell.d = t.q.cols();
      cell.kappa = t.kappa;
      cell.kappa_required = t.kappa_required;
      cell.vars = t.vars;
      cell.truth = t.truth;
      cell.backend = name;
      cell.budget = factor;
      cell.flash_seconds = flash_seconds;
      std::optional<AttentionOutput> out;
      Stopwatch watch;
      try {
        if (name == "flash")
          out = flash;
        else
          out = make_backend(name, budget_options(name, factor, t.k.rows(), t.q.cols()))->run(in);
        cell.seconds = name == "flash" ? flash_seconds : watch.seconds();
      } catch (const ContractError& e) {
        cell.seconds = watch.seconds();
        cell.note = std::string("refused: ") + e.what();
      }
      if (out) {
        cell.parameters = out->details;
        cell.max_error = linf_error(take_rows(out->out, rows), reference);
        judge(t, out->out, cell);
      } else {
        cell.max_error = NAN;
      }
      cells.push_back(cell);
      if (progress) progress(cells.back(), cells.size(), total);
    }
  }
}

std::size_t configs_per_task(const OracleArenaParams& p) {
  std::size_t c = 0;
  for (const auto& name : p.backends) c += is_approximate_backend(name) ? p.budgets.size() : 1;
  return c;
}
}  // namespace

void check_oracle_arena(const OracleArenaParams& p) {
  for (const auto& name : p.backends) {
    require(name != "external", "oracle arena: the external backend is not part of the arena");
    make_backend(name);  // an unknown name fails here, before any work
  }
  for (double f : p.budgets)
    require(f > 0 && f <= 64, fmt::format("oracle arena: budget factor {} outside (0, 64]", f));
  for (int l : p.log_n) require(l >= 6 && l <= 18, "oracle arena: log2 n must lie in [6, 18]");
  for (int v : p.vars) require(v >= 4 && v <= 26, "oracle arena: vars must lie in [4, 26]");
  for (double k : p.easy_kappas)
    require(k > 0 && k <= 0.5, "oracle arena: easy kappas must lie in (0, 0.5]");
  for (double k : p.threshold_kappas)
    require(k > 0 && k <= 64, "oracle arena: threshold kappas must lie in (0, 64]");
  require(p.sample_rows >= 1, "oracle arena: at least one sampled row");
}

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(OracleArenaParams, backends, budgets, log_n, easy_kappas,
                                   threshold_kappas, vars, sample_rows, seed)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(OracleArenaCell, family, n, d, kappa, kappa_required, vars,
                                   truth, backend, budget, parameters, seconds, flash_seconds,
                                   max_error, rows_right, verdict_right, note)

nlohmann::json oracle_arena_parameters(const OracleArenaParams& params) {
  return params;
}

std::vector<OracleArenaCell> run_oracle_arena(const OracleArenaParams& p,
                                              const OracleArenaProgress& progress,
                                              CellJournal* journal) {
  check_oracle_arena(p);
  const std::size_t per_task = configs_per_task(p);
  const std::size_t total =
      per_task *
      (p.log_n.size() * (p.easy_kappas.size() + p.threshold_kappas.size()) + 2 * p.vars.size());
  std::vector<OracleArenaCell> cells;
  // A group of cells (one task, or a formula size's SAT and UNSAT tasks) is
  // journaled whole; its inputs are built only when it is not recorded. The
  // seeds come from the grid, so skipping a group changes no other.
  const auto group = [&](const std::string& key, const auto& tasks) {
    if (not_this_shard(journal, key)) return;  // another shard's (core/shard.hpp)
    if (journal != nullptr)
      if (const nlohmann::json* recorded = journal->find(key)) {
        for (const auto& cell : recorded->get<std::vector<OracleArenaCell>>()) {
          cells.push_back(cell);
          if (progress) progress(cells.back(), cells.size(), total);
        }
        return;
      }
    const std::size_t first = cells.size();
    for (const Task& t : tasks()) run_task(t, p, cells, total, progress);
    if (journal != nullptr)
      journal->record(key, nlohmann::json(std::vector<OracleArenaCell>(
                               cells.begin() + static_cast<std::ptrdiff_t>(first), cells.end())));
  };
  std::uint64_t seed = p.seed;
  for (std::size_t li = 0; li < p.log_n.size(); ++li)
    for (std::size_t ki = 0; ki < p.easy_kappas.size(); ++ki) {
      const std::uint64_t s = ++seed;
      group(fmt::format("easy/{}/{}/{}", li, ki, p.log_n[li]),
            [&] { return std::vector<Task>{easy_task(p.log_n[li], p.easy_kappas[ki], s)}; });
    }
  for (std::size_t li = 0; li < p.log_n.size(); ++li) {
    const long n = 1L << p.log_n[li], dim = 2L * p.log_n[li];
    const std::uint64_t s = ++seed;
    std::optional<GeneratedGap> gen;  // built once, when a kappa of this n is not recorded
    for (std::size_t ki = 0; ki < p.threshold_kappas.size(); ++ki)
      group(fmt::format("threshold/{}/{}/{}", li, ki, p.log_n[li]), [&] {
        if (!gen)
          gen = planted_gap_hamming({static_cast<std::size_t>(n), static_cast<std::size_t>(dim), 1,
                                     static_cast<double>(dim) / 8 - 1, 0.5, 50, s});
        return std::vector<Task>{threshold_task(gen->instance, n, p.threshold_kappas[ki])};
      });
  }
  for (std::size_t vi = 0; vi < p.vars.size(); ++vi) {
    const std::uint64_t s = (seed += 1000);
    group(fmt::format("hard/{}/{}", vi, p.vars[vi]), [&] { return hard_tasks(p.vars[vi], s); });
  }
  return cells;
}

std::string oracle_arena_csv(const std::vector<OracleArenaCell>& cells) {
  std::string csv =
      "family,n,d,kappa,kappa_required,vars,truth,backend,budget,seconds,flash_seconds,over_flash,"
      "max_error,"
      "rows_right,verdict_right,parameters,note\n";
  for (const auto& c : cells)
    csv += fmt::format(
        "{},{},{},{:.4g},{},{},{},{},{:g},{:.6g},{:.6g},{:.4g},{:.3g},{},{},\"{}\",\"{}\"\n",
        c.family, c.n, c.d, c.kappa,
        std::isfinite(c.kappa_required) ? fmt::format("{:.4g}", c.kappa_required) : std::string(),
        c.vars, csv_or_empty(c.truth, c.truth >= 0, 0), c.backend, c.budget, c.seconds,
        c.flash_seconds, c.seconds / std::max(c.flash_seconds, 1e-9), c.max_error,
        c.rows_right < 0 ? "" : fmt::format("{:.4f}", c.rows_right),
        c.verdict_right < 0 ? "" : std::to_string(c.verdict_right), c.parameters, c.note);
  return csv;
}

nlohmann::json oracle_arena_json(const OracleArenaParams& params,
                                 const std::vector<OracleArenaCell>& cells) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& c : cells)
    rows.push_back(
        {{"family", c.family},
         {"n", c.n},
         {"d", c.d},
         {"kappa", c.kappa},
         {"vars", c.vars},
         {"truth", c.truth >= 0 ? nlohmann::json(c.truth) : nlohmann::json(nullptr)},
         {"backend", c.backend},
         {"budget", c.budget},
         {"parameters", c.parameters},
         {"seconds", c.seconds},
         {"flash_seconds", c.flash_seconds},
         {"max_error", finite_or_null(c.max_error)},
         {"rows_right", c.rows_right < 0 ? nlohmann::json(nullptr) : nlohmann::json(c.rows_right)},
         {"verdict_right",
          c.verdict_right < 0 ? nlohmann::json(nullptr) : nlohmann::json(c.verdict_right == 1)},
         {"note", c.note}});
  return {{"tool", tool_json()},       {"experiment", "oracles"},
          {"seed", params.seed},       {"backends", params.backends},
          {"budgets", params.budgets}, {"sample_rows", params.sample_rows},
          {"easy_d", kEasyD},          {"cells", rows}};
}

// The plan: flash once on every input (easy: d = 16 with d_v = 16;
// threshold: n + 1 rows, d = 8 log2 n; hard: 2^ceil(v/2) + 1 rows, d = 4.26 v
// clauses), times what the default grid measured against that figure (183 s
// of oracles against 132 s: the other backends, poly and conv among them,
// add about 40%).
SweepPlan oracle_arena_plan(const OracleArenaParams& p) {
  constexpr double kMeasuredOverEstimate = 1.39;
  SweepPlan plan;
  plan.sweep = "oracles";
  plan.basis = "flash on every input, scaled by the default grid's measured time";
  const std::size_t per_task = configs_per_task(p);
  const auto input = [&](double n, double d, double d_v, std::size_t inputs,
                         const std::string& what) {
    plan.cells += inputs * per_task;
    plan.seconds += static_cast<double>(inputs) *
                    estimated_attention_seconds(n, n, d, d_v, "flash") * kMeasuredOverEstimate;
    // Float64 inputs, flash's float32 copies, and one approximate backend's
    // working set of about the same size again.
    const double bytes = 2 * attention_bytes(n, n, d, d_v) + 4 * (2 * n * d + n * d_v);
    if (bytes > plan.bytes) {
      plan.bytes = bytes;
      plan.largest = what;
    }
  };
  for (int log_n : p.log_n) {
    const double n = std::ldexp(1.0, log_n);
    input(n, kEasyD, kEasyD, p.easy_kappas.size(),
          fmt::format("easy, n = {}, d = {}", format_count(n), kEasyD));
    input(n + 1, 8.0 * log_n, 1, p.threshold_kappas.size(),
          fmt::format("threshold, n = {}, d = {}", format_count(n), 8 * log_n));
  }
  for (int v : p.vars) {
    const double n = std::ldexp(1.0, (v + 1) / 2) + 1, d = std::round(kClauseRatio * v);
    input(n, d, 1, 2, fmt::format("hard, v = {}, n = {}, d = {}", v, format_count(n - 1), d));
  }
  return plan;
}

}  // namespace sethkit
