// The oracle steps into attention (chain/steps.hpp): C2 OV ->
// attention with one zero sink (ov_to_attention.hpp), Gap-Hamming ->
// attention with one sink or n sinks (gap_hamming_to_attention.hpp) and Gap
// Max-IP -> attention with one sink (gap_max_ip_to_attention.hpp). The
// oracle is a registered backend; the requested noise is added to its output,
// the error is measured against `naive`, and rows are decoded against the
// certificate's YES and NO bounds.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "attention/naive_backend.hpp"
#include "attention/reference_check.hpp"
#include "attention/registry.hpp"
#include "attention/stats.hpp"
#include "chain/oracle_choice.hpp"
#include "chain/steps.hpp"
#include "core/error.hpp"
#include "core/json_report.hpp"
#include "core/rng.hpp"
#include "core/stopwatch.hpp"
#include "reductions/gap_max_ip_to_attention.hpp"

namespace sethkit {

using nlohmann::json;

void require_backend_runs(const AttentionCertificate& claimed, const ChainOptions& options) {
  const auto backend =
      make_backend(chosen_backend_without_input(options.backend), options.backend_options);
  const Support support = backend->supports({claimed.n_q, claimed.n_k, claimed.d, claimed.d_v});
  require(support.ok, fmt::format("backend '{}' cannot run this instance: {}", backend->name(),
                                  support.reason));
}

void record_attention_sizes(StepRecord& s, const AttentionCertificate& c, const Matrix& q,
                            const Matrix& k, double measured_b) {
  s.evaluated = {{"n_q", c.n_q}, {"n_k", c.n_k}, {"d", c.d}, {"B", c.entry_bound}};
  s.built = {{"n_q", q.rows()}, {"n_k", k.rows()}, {"d", q.cols()}, {"B", measured_b}};
  if (c.n_q != q.rows() || c.n_k != k.rows() || c.d != q.cols())
    s.overhead_problem =
        fmt::format("the certificate claims Q {} x {}, K {} x {}; built Q {} x {}, K {} x {}",
                    c.n_q, c.d, c.n_k, c.d, q.rows(), q.cols(), k.rows(), k.cols());
  else if (measured_b > c.entry_bound * (1 + 1e-12) + 1e-12)
    s.overhead_problem =
        fmt::format("the certificate claims B = {:.6g}; the built entries reach {:.6g}",
                    c.entry_bound, measured_b);
  s.overhead_ok = s.overhead_problem.empty();
  s.certificate = to_json(c);
}

json backend_record(const AttentionBackend& backend, const std::string& details,
                    double error_bound) {
  return {{"name", backend.name()},
          {"version", tool_json()["version"]},
          {"parameters", details},
          {"guarantee", std::isfinite(error_bound) ? json(error_bound) : json("none")}};
}

namespace {

// The oracle for the built instance (`auto` chooses flash's precision on it).
std::unique_ptr<AttentionBackend> oracle_for(const AttentionInstance& instance,
                                             const ChainOptions& options) {
  const AttentionInput input{instance.q, instance.k, instance.v, instance.scale};
  return make_backend(
      chosen_attention_backend(options.backend, input, instance.certificate.tolerated_error),
      options.backend_options);
}

// ||output - exact||_inf: every row while exact attention costs at most
// kFullCheckWork multiply-adds, else kSampledRows rows drawn with `seed`.
constexpr double kFullCheckWork = 1e10;
constexpr std::size_t kSampledRows = 256;
double measured_error(const AttentionBackend& backend, const AttentionInput& input,
                      const Matrix& output, std::uint64_t seed) {
  if (backend.name() == "naive") return 0.0;
  const AttentionShape s = input.shape();
  const double work =
      static_cast<double>(s.n_q) * static_cast<double>(s.n_k) * static_cast<double>(s.d + s.d_v);
  if (work <= kFullCheckWork) return linf_error(output, NaiveBackend().run(input).out);
  return sampled_error(input, output, random_rows(s.n_q, kSampledRows, seed));
}

// Records the step's claimed and built sizes, runs the oracle, adds the
// requested noise, measures the error against `naive`, and returns the output
// (r.assumed_error is set to the error the decoder may assume).
Matrix run_oracle(const AttentionBackend& backend, const AttentionInstance& instance,
                  const ChainOptions& options, OracleRecord& r) {
  const AttentionCertificate& c = instance.certificate;
  const AttentionInput input{instance.q, instance.k, instance.v, instance.scale};
  const Support value_support = backend.supports_input(input);  // limits on the values (poly)
  require(value_support.ok, fmt::format("backend '{}' cannot run this instance: {}", backend.name(),
                                        value_support.reason));
  const double measured_b = entry_bound(input);
  // r.step's header and encoding time are set by the caller.
  record_attention_sizes(r.step, c, instance.q, instance.k, measured_b);

  Stopwatch oracle_time;
  AttentionOutput result = backend.run(input);
  r.seconds_oracle = oracle_time.seconds();
  r.oracle = backend.name();
  r.error_bound = result.error_bound;
  r.measured_error = measured_error(backend, input, result.out, options.seed);
  if (options.noise > 0) {
    Rng rng(options.seed);
    const Matrix clean = result.out;
    result.out += uniform_matrix(rng, result.out.rows(), result.out.cols(), options.noise);
    r.measured_error = *r.measured_error + linf_error(result.out, clean);
  }
  r.noise = options.noise;
  r.seed = options.seed;
  r.tolerated_error = c.tolerated_error;
  // A backend without a bound is decoded as if its error were within the
  // tolerance; ground truth and the measured error then judge the answer.
  const bool unbounded = !std::isfinite(result.error_bound);
  const double oracle_claim = unbounded                ? c.tolerated_error * (1 - 1e-9)
                              : result.error_bound > 0 ? result.error_bound
                                                       : c.exact_oracle_error;
  r.assumed_error = options.assumed_error.value_or(std::max(oracle_claim, options.noise));

  r.record = {{"n", std::max(c.n_q, c.n_k)},
              {"n_q", c.n_q},
              {"n_k", c.n_k},
              {"d", c.d},
              {"scale", c.scale},
              {"B", measured_b},
              {"R", result.max_abs_logit >= 0 ? json(result.max_abs_logit) : json(nullptr)},
              {"R_bound", c.logit_radius},
              {"c", c.entry_bound_ratio},
              {"dtype", "f64"},
              {"certificate_margin", (c.no_bound - c.yes_bound) / 2},
              {"margin_ok", r.assumed_error < c.tolerated_error},
              {"backend", backend_record(backend, result.details, result.error_bound)}};
  return std::move(result.out);
}

// The decoded row counts in the record.
void record_decoding(std::size_t yes_rows, std::size_t ambiguous_rows, OracleRecord& r) {
  r.record["yes_rows"] = yes_rows;
  r.record["ambiguous_rows"] = ambiguous_rows;
}
}  // namespace

OracleRecord solve_ov_attention(const ProblemValue& value, const ChainOptions& options) {
  const OvInstance& ov = std::get<OvInstance>(value);
  const OvToAttention reduction(options.attention);
  require_backend_runs(reduction.certificate(ov), options);
  OracleRecord r;
  r.step = step_record(OvToAttention::kName, "ov", "attention", OvToAttention::kDeclaredOverhead);
  Stopwatch encode_time;
  const AttentionInstance instance = reduction.encode(ov);
  r.step.seconds = encode_time.seconds();
  const Matrix output = run_oracle(*oracle_for(instance, options), instance, options, r);
  Stopwatch decode_time;
  const OvDecoded d = reduction.decode(ov, instance, output, r.assumed_error);
  r.seconds_decode = decode_time.seconds();
  r.verdict = d.verdict;
  r.margin = d.margin;
  r.note = d.note;
  if (d.witness) r.witness = Witness{{d.witness->first, d.witness->second}, {}};
  record_decoding(d.yes_rows, d.ambiguous_rows, r);
  return r;
}

namespace {
// One gap edge into attention (Gap-Hamming's or Gap Max-IP's): encode, the
// oracle, the row decoding and its record, the same for both reductions.
template <typename Reduction, typename Gap>
OracleRecord solve_gap_attention(const Reduction& reduction, const Gap& gap, const char* from,
                                 const ChainOptions& options) {
  require_backend_runs(reduction.certificate(gap), options);
  OracleRecord r;
  r.step = step_record(Reduction::kName, from, "attention", Reduction::kDeclaredOverhead);
  Stopwatch encode_time;
  const AttentionInstance instance = reduction.encode(gap);
  r.step.seconds = encode_time.seconds();
  const Matrix output = run_oracle(*oracle_for(instance, options), instance, options, r);
  Stopwatch decode_time;
  const GapDecoded d = reduction.decode(gap, instance, output, r.assumed_error);
  r.verdict = d.verdict;
  r.margin = d.margin;
  r.note = d.note;
  r.rows = d.rows.rows;
  if (d.witness) r.witness = Witness{{d.witness->first, d.witness->second}, {}};
  r.seconds_decode = decode_time.seconds();
  record_decoding(d.rows.yes_rows, d.rows.ambiguous_rows, r);
  return r;
}
}  // namespace

OracleRecord solve_gap_hamming_attention(const ProblemValue& value, const ChainOptions& options) {
  GapHammingToAttention::Params params;
  params.variant = options.sinks;
  params.limits = options.attention.limits;
  OracleRecord r = solve_gap_attention(GapHammingToAttention(params), std::get<GapHamming>(value),
                                       "gap-hamming", options);
  r.record["sinks"] = options.sinks == SinkVariant::kOneSink ? "one" : "n";
  return r;
}

OracleRecord solve_gap_max_ip_attention(const ProblemValue& value, const ChainOptions& options) {
  GapMaxIpToAttention::Params params;
  params.limits = options.attention.limits;
  return solve_gap_attention(GapMaxIpToAttention(params), std::get<GapMaxIp>(value), "gap-max-ip",
                             options);
}

}  // namespace sethkit
