#include "reductions/diameter_chain.hpp"

#include <fmt/format.h>

#include "core/stopwatch.hpp"
#include "core/verify.hpp"
#include "solvers/cadical_solver.hpp"

namespace sethkit {

namespace {
// Encodes, decodes and checks the OV stage; the caller adds the SAT stage.
void run_ov_stage(const OvInstance& ov, DiameterChainReport& r) {
  const OvToDiameter rule;
  Stopwatch encode;
  const DiameterInstance target = rule.encode(ov);
  r.seconds_encode = encode.seconds();
  r.certificate = target.certificate;
  Stopwatch decode;
  r.decoded = rule.decode(target);
  r.seconds_decode = decode.seconds();
  if (r.decoded.witness) {
    r.witness_checked = true;
    r.witness_ok = is_orthogonal_pair(ov, r.decoded.witness->first, r.decoded.witness->second);
  }
  Stopwatch truth;
  r.ov_truth = solve_ov_bitpacked(ov);
  r.seconds_truth = truth.seconds();
}

void judge(DiameterChainReport& r, bool truth_yes, const char* truth_name) {
  const Verdict v = r.decoded.verdict;
  if (v == Verdict::kAmbiguous) {
    r.agreement = Agreement::kAmbiguous;
    r.explanation = "the decoder could not decide: " + r.decoded.note;
  } else if ((v == Verdict::kYes) != truth_yes) {
    r.agreement = Agreement::kDisagree;
    r.explanation = fmt::format("diameter {} decodes {}, {} says {}", r.decoded.diameter,
                                to_string(v), truth_name, truth_yes ? "yes" : "no");
  } else if (v == Verdict::kYes && !r.witness_ok) {
    r.agreement = Agreement::kDisagree;
    r.explanation = "the witness pair at distance 3 is not orthogonal";
  } else {
    r.agreement = Agreement::kAgree;
    r.explanation = fmt::format("diameter {}: {} (BFS from {} a-vertices), as {} says",
                                r.decoded.diameter, to_string(v), r.decoded.bfs_runs, truth_name);
  }
}
}  // namespace

DiameterChainReport run_ov_diameter_chain(const OvInstance& ov, const std::string& source_name) {
  DiameterChainReport r;
  r.source_kind = "ov";
  r.source_name = source_name;
  run_ov_stage(ov, r);
  judge(r, r.ov_truth.found, "the OV solver");
  return r;
}

DiameterChainReport run_cnf_diameter_chain(const Cnf& cnf, const std::string& source_name,
                                           double solver_time_limit_s) {
  DiameterChainReport r;
  r.source_kind = "cnf";
  r.source_name = source_name;
  const CnfToOv split_rule;
  r.split = split_rule.certificate(cnf);
  const SplitOv split = split_rule.encode(cnf);
  run_ov_stage(split.ov, r);
  if (r.decoded.witness && r.witness_ok) {
    r.assignment =
        split_rule.decode_pair(cnf, split, r.decoded.witness->first, r.decoded.witness->second);
    r.witness_ok = satisfies(cnf, *r.assignment);
  }
  SatOptions options;
  options.time_limit_s = solver_time_limit_s;
  r.sat_truth = solve_cadical(cnf, options);
  if (r.sat_truth->status == SatStatus::kUnknown) {
    r.agreement = Agreement::kUnknown;
    r.explanation = "CaDiCaL gave no answer: " + r.sat_truth->note;
    return r;
  }
  const bool sat = r.sat_truth->status == SatStatus::kSat;
  r.ov_stage_consistent = r.ov_truth.found == sat;
  judge(r, sat, "CaDiCaL");
  if (r.agreement == Agreement::kAgree && !r.ov_stage_consistent) {
    r.agreement = Agreement::kDisagree;
    r.explanation = "the OV instance's answer differs from the formula's (split-and-list)";
  }
  return r;
}

}  // namespace sethkit
