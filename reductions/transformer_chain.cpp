#include "reductions/transformer_chain.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "attention/registry.hpp"
#include "core/error.hpp"
#include "core/rng.hpp"
#include "core/stopwatch.hpp"
#include "core/verify.hpp"
#include "solvers/cadical_solver.hpp"

namespace sethkit {

namespace {
void settle(TransformerChainReport& r) {
  const bool known = r.sat_truth && r.sat_truth->status != SatStatus::kUnknown;
  const bool sat = known && r.sat_truth->status == SatStatus::kSat;
  if (r.decoded.verdict == Verdict::kAmbiguous) {
    r.agreement = Agreement::kAmbiguous;
    r.explanation = "the oracle output is ambiguous: " + r.decoded.note;
  } else if (!known) {
    r.agreement = Agreement::kUnknown;
    r.explanation = "CaDiCaL gave no answer: " + r.sat_truth->note;
  } else if (!r.three_ov_stage_consistent) {
    r.agreement = Agreement::kDisagree;
    r.explanation = "the 3-OV instance's answer differs from the formula's (split or padding)";
  } else if ((r.decoded.verdict == Verdict::kYes) != sat) {
    r.agreement = Agreement::kDisagree;
    r.explanation = fmt::format("decoded {} but CaDiCaL says {}", to_string(r.decoded.verdict),
                                sat ? "SAT" : "UNSAT");
  } else if (sat && !r.witness_ok) {
    r.agreement = Agreement::kDisagree;
    r.explanation = "decoded YES but the recovered witness fails the checker";
  } else {
    r.agreement = Agreement::kAgree;
    r.explanation = sat ? "SAT: decoded YES, witness triple and assignment checked"
                        : "UNSAT: decoded NO, matching CaDiCaL and brute-force 3-OV";
  }
}
}  // namespace

TransformerChainReport run_cnf_transformer_chain(const Cnf& cnf, const std::string& source_name,
                                                 const TransformerChainOptions& options) {
  TransformerChainReport report;
  report.source_name = source_name;
  report.backend = options.backend;
  report.noise = options.noise;
  report.seed = options.seed;
  require(options.noise >= 0, "transformer chain: noise must be >= 0");
  const auto& tp = options.transformer;
  const CnfToThreeOv split({tp.layers * tp.heads, tp.limits});
  report.split = split.certificate(cnf);
  const auto backend = make_backend(options.backend);
  Stopwatch encode_time;
  const SplitThreeOv three = split.encode(cnf);
  const ThreeOvToTransformer reduction(tp);
  report.certificate = reduction.certificate(three.instance);
  const TransformerInstance instance = reduction.encode(three.instance);
  report.seconds_encode = encode_time.seconds();

  Rng rng(options.seed);
  double bound = 0;  // the main run's: heads read only columns no head writes
  const TransformerOracle oracle = [&](const TransformerModel& model, const Matrix& x) {
    bound = 0;
    Matrix y = transformer_forward(model, x, *backend, &bound);
    if (options.noise > 0) y += uniform_matrix(rng, y.rows(), y.cols(), options.noise);
    return y;
  };
  Stopwatch oracle_time;
  const Matrix output = oracle(instance.model, instance.x);
  report.seconds_oracle = oracle_time.seconds();
  report.oracle_error_bound = bound;
  // ACC sums K head outputs: their reported bounds add up; 1e-9 covers double rounding.
  const double assumed = options.assumed_error.value_or(std::max(options.noise + bound, 1e-9));
  report.decoded = reduction.decode(instance, output, assumed);

  if (report.decoded.verdict == Verdict::kYes) {
    Stopwatch witness_time;
    report.witness =
        reduction.recover_witness(three.instance, instance, report.decoded.row, oracle);
    report.seconds_witness = witness_time.seconds();
    report.witness_checked = true;
    if (report.witness.triple && report.witness.triple->j < three.real_b &&
        report.witness.triple->k < three.real_c) {
      report.assignment = split.decode_triple(cnf, three, *report.witness.triple);
      report.witness_ok = is_orthogonal_triple(three.instance, *report.witness.triple) &&
                          satisfies(cnf, *report.assignment);
    }
  }
  Stopwatch truth_time;
  report.sat_truth = solve_cadical(cnf, SatOptions{options.solver_time_limit_s});
  report.three_ov_truth = solve_three_ov(three.instance);
  report.seconds_truth = truth_time.seconds();
  if (report.sat_truth->status != SatStatus::kUnknown)
    report.three_ov_stage_consistent =
        report.three_ov_truth.triple.has_value() == (report.sat_truth->status == SatStatus::kSat);
  settle(report);
  return report;
}

}  // namespace sethkit
