// The oracle step 3-OV -> L-layer, H-head transformer (Saha, Xu, Ye, Yu 2026;
// docs/reductions/three_ov_to_transformer.md; reductions/three_ov_to_transformer.hpp). The
// oracle is the reference transformer with its heads on a registered backend;
// the requested noise is added to every oracle output; a YES row's witness
// head and partner are recovered through further oracle calls.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "attention/registry.hpp"
#include "chain/oracle_choice.hpp"
#include "chain/steps.hpp"
#include "core/error.hpp"
#include "core/rng.hpp"
#include "core/stopwatch.hpp"
#include "reductions/cnf_to_three_ov.hpp"
#include "reductions/three_ov_to_transformer.hpp"

namespace sethkit {

OracleRecord solve_three_ov_transformer(const ProblemValue& value, const ChainOptions& options) {
  const ThreeOvInstance& three = std::get<ThreeOvInstance>(value);
  require(options.noise >= 0, "transformer chain: noise must be >= 0");
  const ThreeOvToTransformer reduction(options.transformer);
  const auto backend =
      make_backend(chosen_backend_without_input(options.backend), options.backend_options);
  OracleRecord r;
  StepRecord& s = r.step;
  s = step_record(ThreeOvToTransformer::kName, "3-ov", "transformer",
                  ThreeOvToTransformer::kDeclaredOverhead);
  const TransformerCertificate claimed = reduction.certificate(three);
  Stopwatch encode_time;
  const TransformerInstance instance = reduction.encode(three);
  s.seconds = encode_time.seconds();
  const TransformerCertificate& c = instance.certificate;
  s.evaluated = {{"tokens", claimed.tokens}, {"width", claimed.width}, {"heads", claimed.k}};
  s.built = {{"tokens", instance.x.rows()},
             {"width", instance.x.cols()},
             {"heads", instance.model.layers.size() * options.transformer.heads}};
  const bool shape_ok = s.evaluated == s.built &&
                        c.tokens == static_cast<Eigen::Index>(three.n_a()) + 1 &&
                        c.width == static_cast<Eigen::Index>(2 * c.d + 3 + 2 * c.index_bits);
  if (!shape_ok)
    s.overhead_problem =
        fmt::format("the certificate claims {}; built {}", s.evaluated.dump(), s.built.dump());
  else if (c.tolerance < 0.125 - 1e-12)
    s.overhead_problem =
        fmt::format("the certificate's tolerance {:.4g} is below the 1/8 the construction promises",
                    c.tolerance);
  s.overhead_ok = s.overhead_problem.empty();
  s.certificate = to_json(c);
  s.certificate["reduction"] = ThreeOvToTransformer::kName;

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
  r.seconds_oracle = oracle_time.seconds();
  r.oracle = backend->name();
  r.error_bound = bound;
  r.noise = options.noise;
  r.seed = options.seed;
  r.tolerated_error = c.tolerance;
  // ACC sums K head outputs: their reported bounds add up; 1e-9 covers double
  // rounding. A backend without a bound is decoded as if within the tolerance.
  r.assumed_error = options.assumed_error.value_or(
      std::isfinite(bound) ? std::max(options.noise + bound, 1e-9)
                           : std::max(options.noise, c.tolerance * (1 - 1e-9)));
  Stopwatch decode_time;
  const TransformerDecoded d = reduction.decode(three, instance, output, r.assumed_error);
  r.seconds_decode = decode_time.seconds();
  r.verdict = d.verdict;
  r.margin = d.margin;
  r.note = d.note;
  r.record = {
      {"backend", backend->name()},
      {"backend_guarantee", std::isfinite(bound) ? nlohmann::json(bound) : nlohmann::json("none")},
      {"row", d.row},
      {"min_acc", d.min_acc},
      {"layers", c.layers},
      {"heads", c.heads}};
  if (d.verdict == Verdict::kYes) {
    Stopwatch witness_time;
    const TransformerWitness w = reduction.recover_witness(three, instance, d.row, oracle);
    r.seconds_witness = witness_time.seconds();
    r.record["witness_method"] = w.method;
    r.record["witness_oracle_calls"] = w.oracle_calls;
    if (w.triple)
      r.witness = Witness{{w.triple->i, w.triple->j, w.triple->k}, {}};
    else
      r.note = "decoded YES, but no witness triple was recovered";
  }
  return r;
}

}  // namespace sethkit
