// The oracle step into one attention backward pass (chain/steps.hpp): OV ->
// attention gradient (reductions/ov_to_attention_gradient.hpp). The oracle is
// a registered backend with a backward pass (`auto` is flash64: the decoding
// tolerates an error of 1/poly(n)); it runs the forward pass and the backward
// pass with the reduction's dO, the requested noise is added to dQ, dQ's error
// is measured against naive's backward pass while that is cheap, and the rows
// of dQ's read column are decoded against the certificate's bounds.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "attention/naive_backend.hpp"
#include "attention/registry.hpp"
#include "attention/stats.hpp"
#include "chain/oracle_choice.hpp"
#include "chain/steps.hpp"
#include "core/error.hpp"
#include "core/rng.hpp"
#include "core/stopwatch.hpp"
#include "reductions/ov_to_attention_gradient.hpp"

namespace sethkit {

using nlohmann::json;

namespace {
// naive's backward pass is the reference while it costs at most this many multiply-adds.
constexpr double kReferenceWork = 2e9;
}  // namespace

OracleRecord solve_ov_attention_gradient(const ProblemValue& value, const ChainOptions& options) {
  const OvInstance& ov = std::get<OvInstance>(value);
  OvToAttentionGradient::Params params;
  params.limits = options.attention.limits;
  const OvToAttentionGradient reduction(params);
  // The executor has refused a backend without a backward pass before the plan.
  require_backend_runs(reduction.certificate(ov), options);
  const auto backend =
      make_backend(chosen_backend_without_input(options.backend), options.backend_options);

  OracleRecord r;
  r.step = step_record(OvToAttentionGradient::kName, "ov", "attention-gradient",
                       OvToAttentionGradient::kDeclaredOverhead);
  Stopwatch encode_time;
  const AttentionGradientInstance t = reduction.encode(ov);
  r.step.seconds = encode_time.seconds();
  const auto& a = t.attention;
  const AttentionCertificate& c = a.certificate;
  const AttentionInput input{a.q, a.k, a.v, a.scale};
  const Support value_support = backend->supports_input(input);
  require(value_support.ok, fmt::format("backend '{}' cannot run this instance: {}",
                                        backend->name(), value_support.reason));
  const double measured_b = std::max(entry_bound(input), 1.0);  // dO is all ones
  record_attention_sizes(r.step, c, a.q, a.k, measured_b);
  r.step.certificate["gradient_tolerance"] = OvToAttentionGradient::gradient_tolerance(c);

  Stopwatch oracle_time;
  const AttentionOutput forward = backend->run(input);
  AttentionGradients g = backend->backward(input, forward, t.d_out);
  r.seconds_oracle = oracle_time.seconds();
  r.oracle = backend->name();
  r.error_bound = g.error_bound;
  const double work =
      static_cast<double>(c.n_q) * static_cast<double>(c.n_k) * static_cast<double>(c.d + c.d_v);
  if (backend->name() == "naive") {
    r.measured_error = 0.0;
  } else if (work <= kReferenceWork) {
    const NaiveBackend naive;
    r.measured_error = linf_error(g.dq, naive.backward(input, forward, t.d_out).dq);
  }
  if (options.noise > 0) {
    Rng rng(options.seed);
    const Matrix noise = uniform_matrix(rng, g.dq.rows(), g.dq.cols(), options.noise);
    g.dq += noise;
    if (r.measured_error) r.measured_error = *r.measured_error + noise.cwiseAbs().maxCoeff();
  }
  r.noise = options.noise;
  r.seed = options.seed;
  const double tolerance = OvToAttentionGradient::gradient_tolerance(c);
  r.tolerated_error = tolerance;
  // Errors here are dQ's; the exact backends' rounding is the certificate's
  // (in row-value units) times scale / 4.
  const bool unbounded = !std::isfinite(g.error_bound);
  const double claim = unbounded           ? tolerance * (1 - 1e-9)
                       : g.error_bound > 0 ? g.error_bound
                                           : c.exact_oracle_error * c.scale / 4;
  r.assumed_error = options.assumed_error.value_or(std::max(claim, options.noise));

  Stopwatch decode_time;
  const OvDecoded d = reduction.decode(ov, t, g.dq, r.assumed_error);
  r.seconds_decode = decode_time.seconds();
  r.verdict = d.verdict;
  r.margin = d.margin * c.scale / 4;  // in dQ's units, as the errors
  r.note = d.note;
  if (d.witness) r.witness = Witness{{d.witness->first, d.witness->second}, {}};
  r.record = {{"n", std::max(c.n_q, c.n_k)},
              {"n_q", c.n_q},
              {"n_k", c.n_k},
              {"d", c.d},
              {"scale", c.scale},
              {"B", measured_b},
              {"R", forward.max_abs_logit >= 0 ? json(forward.max_abs_logit) : json(nullptr)},
              {"R_bound", c.logit_radius},
              {"c", c.entry_bound_ratio},
              {"dtype", "f64"},
              {"certificate_margin", tolerance},
              {"margin_ok", r.assumed_error < tolerance},
              {"gradient", {{"read_column", t.read_column}, {"d_out", "all ones"}, {"of", "dQ"}}},
              {"backend", backend_record(*backend, g.details, g.error_bound)},
              {"yes_rows", d.yes_rows},
              {"ambiguous_rows", d.ambiguous_rows}};
  return r;
}

}  // namespace sethkit
