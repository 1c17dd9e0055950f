#include "reductions/chain.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <utility>

#include "attention/naive_backend.hpp"
#include "attention/registry.hpp"
#include "attention/stats.hpp"
#include "core/error.hpp"
#include "core/rng.hpp"
#include "core/stopwatch.hpp"
#include "core/verify.hpp"
#include "reductions/gap_hamming_to_attention.hpp"
#include "reductions/ov_to_hamming.hpp"
#include "solvers/cadical_solver.hpp"

namespace sethkit {

namespace {

// Refuses, before anything is built, an instance the backend cannot run.
std::unique_ptr<AttentionBackend> backend_for(const AttentionCertificate& claimed,
                                              const ChainOptions& options) {
  auto backend = make_backend(options.backend);
  const Support support = backend->supports({claimed.n_q, claimed.n_k, claimed.d, claimed.d_v});
  require(support.ok, fmt::format("backend '{}' cannot run this instance: {}", backend->name(),
                                  support.reason));
  return backend;
}

// Runs the oracle on a built instance, adds the requested noise, measures the
// error against `naive`, and returns the output and the error the decoder may assume.
std::pair<Matrix, double> run_oracle(const AttentionBackend& backend,
                                     const AttentionInstance& instance, const ChainOptions& options,
                                     ChainReport& report) {
  report.certificate = instance.certificate;
  report.built_n_q = instance.q.rows();
  report.built_n_k = instance.k.rows();
  report.built_d = instance.q.cols();
  report.backend = backend.name();
  const AttentionInput input{instance.q, instance.k, instance.v, instance.scale};
  const Support value_support =
      backend.supports_input(input);  // limits that depend on the values (poly)
  require(value_support.ok, fmt::format("backend '{}' cannot run this instance: {}", backend.name(),
                                        value_support.reason));
  report.measured_entry_bound = entry_bound(input);

  Stopwatch oracle_time;
  AttentionOutput result = backend.run(input);
  report.seconds_oracle = oracle_time.seconds();
  report.oracle_error_bound = result.error_bound;
  report.measured_logit_radius = result.max_abs_logit;
  report.oracle_linf =
      backend.name() == "naive" ? 0.0 : linf_error(result.out, NaiveBackend().run(input).out);
  if (options.noise > 0) {
    Rng rng(options.seed);
    const Matrix clean = result.out;
    result.out += uniform_matrix(rng, result.out.rows(), result.out.cols(), options.noise);
    report.oracle_linf = *report.oracle_linf + linf_error(result.out, clean);
  }
  report.noise = options.noise;
  report.seed = options.seed;
  const double oracle_claim =
      result.error_bound > 0 ? result.error_bound : instance.certificate.exact_oracle_error;
  return {std::move(result.out),
          options.assumed_error.value_or(std::max(oracle_claim, options.noise))};
}

void record_ov(const OvInstance& ov, ChainReport& report) {
  report.built_n_a = ov.n_a();
  report.built_n_b = ov.n_b();
  report.built_m = ov.d();
}

// C2: OV -> attention with one zero sink.
void run_direct_stage(const OvInstance& ov, const ChainOptions& options, ChainReport& report) {
  const OvToAttention reduction(options.attention);
  const auto backend = backend_for(reduction.certificate(ov), options);
  record_ov(ov, report);
  Stopwatch encode_time;
  const AttentionInstance instance = reduction.encode(ov);
  report.seconds_encode += encode_time.seconds();
  const auto [output, assumed] = run_oracle(*backend, instance, options, report);
  Stopwatch decode_time;
  report.decoded = reduction.decode(ov, instance, output, assumed);
  report.seconds_decode = decode_time.seconds();
}

// C3: OV -> exact Hamming gadget -> Gap-Hamming -> attention with one sink.
void run_hamming_stage(const OvInstance& ov, const ChainOptions& options, ChainReport& report) {
  record_ov(ov, report);
  Stopwatch encode_time;
  const GapHamming gap = OvToHamming().encode(ov);
  report.hamming = GapPromise{gap.t, gap.eps};
  report.hamming_dim = gap.points.d();
  GapHammingToAttention::Params params;
  params.limits = options.attention.limits;
  const GapHammingToAttention reduction(params);
  const auto backend = backend_for(reduction.certificate(gap), options);
  const AttentionInstance instance = reduction.encode(gap);
  report.seconds_encode += encode_time.seconds();
  const auto [output, assumed] = run_oracle(*backend, instance, options, report);
  Stopwatch decode_time;
  const GapDecoded gap_rows = reduction.decode(gap, instance, output, assumed);
  report.decoded =
      ov_answer_from_rows(ov, gap_rows.rows, output, instance.certificate.threshold, assumed);
  report.seconds_decode = decode_time.seconds();
}

void run_attention_stage(const OvInstance& ov, const ChainOptions& options, ChainReport& report) {
  if (options.route == ChainRoute::kHammingGadget)
    run_hamming_stage(ov, options, report);
  else
    run_direct_stage(ov, options, report);
}

void settle(ChainReport& r, bool truth_known, bool truth_yes) {
  const bool decoded_yes = r.decoded.verdict == Verdict::kYes;
  if (r.decoded.verdict == Verdict::kAmbiguous) {
    r.agreement = Agreement::kAmbiguous;
    r.explanation = r.decoded.note;
  } else if (!truth_known) {
    r.agreement = Agreement::kUnknown;
    r.explanation = "the ground truth is unknown (solver limit reached); nothing to compare with";
  } else if (!r.ov_stage_consistent) {
    r.agreement = Agreement::kDisagree;
    r.explanation = "the OV instance built by split-and-list disagrees with the SAT solver";
  } else if (decoded_yes != truth_yes) {
    r.agreement = Agreement::kDisagree;
    r.explanation = fmt::format("decoded {} but the ground truth is {}", decoded_yes ? "YES" : "NO",
                                truth_yes ? "YES" : "NO");
  } else if (decoded_yes && !(r.witness_checked && r.witness_ok)) {
    r.agreement = Agreement::kDisagree;
    r.explanation = r.decoded.witness ? "the decoded witness fails the independent checker"
                                      : "decoded YES without a witness";
  } else {
    r.agreement = Agreement::kAgree;
    r.explanation = decoded_yes
                        ? "decoded YES, the witness passes the checker, the ground truth agrees"
                        : "decoded NO and the ground truth agrees";
  }
}
}  // namespace

const char* to_string(Agreement a) {
  switch (a) {
    case Agreement::kAgree:
      return "agree";
    case Agreement::kDisagree:
      return "disagree";
    case Agreement::kAmbiguous:
      return "ambiguous";
    case Agreement::kUnknown:
      return "unknown";
  }
  return "unknown";
}

ChainReport run_ov_chain(const OvInstance& ov, const std::string& source_name,
                         const ChainOptions& options) {
  ChainReport report;
  report.source_kind = "ov";
  report.source_name = source_name;
  run_attention_stage(ov, options, report);
  if (report.decoded.witness) {
    report.witness_checked = true;
    report.witness_ok =
        is_orthogonal_pair(ov, report.decoded.witness->first, report.decoded.witness->second);
  }
  Stopwatch truth_time;
  report.ov_truth = solve_ov_bitpacked(ov);
  report.seconds_truth = truth_time.seconds();
  settle(report, true, report.ov_truth.found);
  return report;
}

ChainReport run_cnf_chain(const Cnf& cnf, const std::string& source_name,
                          const ChainOptions& options) {
  ChainReport report;
  report.source_kind = "cnf";
  report.source_name = source_name;
  const CnfToOv split(options.split);
  report.split = split.certificate(cnf);  // checks the size before anything is built
  Stopwatch encode_time;
  const SplitOv target = split.encode(cnf);
  report.seconds_encode = encode_time.seconds();

  run_attention_stage(target.ov, options, report);
  if (report.decoded.witness) {
    const auto [i, j] = *report.decoded.witness;
    report.assignment = split.decode_pair(cnf, target, i, j);
    report.witness_checked = true;
    report.witness_ok = is_orthogonal_pair(target.ov, i, j) && satisfies(cnf, *report.assignment);
  }
  Stopwatch truth_time;
  report.sat_truth = solve_cadical(cnf, SatOptions{options.solver_time_limit_s});
  report.ov_truth = solve_ov_bitpacked(target.ov);
  report.seconds_truth = truth_time.seconds();
  const bool known = report.sat_truth->status != SatStatus::kUnknown;
  const bool sat = report.sat_truth->status == SatStatus::kSat;
  report.ov_stage_consistent = !known || report.ov_truth.found == sat;
  settle(report, known, sat);
  return report;
}

ChainReport run_gap_hamming_chain(const GapHamming& gap, const std::string& source_name,
                                  const ChainOptions& options, SinkVariant variant) {
  ChainReport report;
  report.source_kind = "gap-hamming";
  report.source_name = source_name;
  report.hamming = GapPromise{gap.t, gap.eps};
  report.hamming_dim = gap.points.d();
  record_ov(gap.points, report);
  GapHammingToAttention::Params params;
  params.variant = variant;
  params.limits = options.attention.limits;
  const GapHammingToAttention reduction(params);
  const auto backend = backend_for(reduction.certificate(gap), options);
  Stopwatch encode_time;
  const AttentionInstance instance = reduction.encode(gap);
  report.seconds_encode = encode_time.seconds();
  const auto [output, assumed] = run_oracle(*backend, instance, options, report);
  Stopwatch decode_time;
  const GapDecoded gap_rows = reduction.decode(gap, instance, output, assumed);
  report.seconds_decode = decode_time.seconds();
  report.decoded.verdict = gap_rows.verdict;
  report.decoded.yes_rows = gap_rows.rows.yes_rows;
  report.decoded.ambiguous_rows = gap_rows.rows.ambiguous_rows;
  report.decoded.margin = gap_rows.margin;
  report.decoded.assumed_error = assumed;
  report.decoded.note = gap_rows.rows.note;

  Stopwatch truth_time;
  const std::vector<std::size_t> nearest = nearest_distances(gap.points);
  report.seconds_truth = truth_time.seconds();
  bool any_yes = false;
  for (std::size_t i = 0; i < nearest.size(); ++i) {
    const GapLabel truth = label_for_distance(gap, nearest[i]);
    if (truth == GapLabel::kOutside) {
      ++report.gap_rows_outside;
      continue;
    }
    ++report.gap_rows_checked;
    any_yes = any_yes || truth == GapLabel::kYes;
    const Verdict want = truth == GapLabel::kYes ? Verdict::kYes : Verdict::kNo;
    if (gap_rows.rows.rows[i] != Verdict::kAmbiguous && gap_rows.rows.rows[i] != want) {
      ++report.gap_row_disagreements;
      if (!report.first_row_disagreement) report.first_row_disagreement = i;
    }
  }
  report.ov_truth.found = any_yes;
  if (gap_rows.verdict == Verdict::kAmbiguous) {
    report.agreement = Agreement::kAmbiguous;
    report.explanation = gap_rows.rows.note;
  } else if (report.gap_row_disagreements > 0) {
    report.agreement = Agreement::kDisagree;
    report.explanation =
        fmt::format("{} row(s) decoded against their brute-force label; first: row {}",
                    report.gap_row_disagreements, *report.first_row_disagreement);
  } else {
    report.agreement = Agreement::kAgree;
    report.explanation = fmt::format(
        "all {} rows inside the promise decoded as brute force labels them ({} outside "
        "the promise, not judged)",
        report.gap_rows_checked, report.gap_rows_outside);
  }
  return report;
}

}  // namespace sethkit
