// The chains CNF -> OV -> graph diameter and OV -> graph diameter (Roditty and
// Vassilevska Williams 2013; reductions/ov_to_diameter.hpp), decoded by BFS,
// with the witness pair through the independent checker, the assignment
// through core/verify, and the ground truth from CaDiCaL and the OV solver.
#pragma once

#include <optional>
#include <string>

#include "core/cnf.hpp"
#include "core/ov.hpp"
#include "reductions/chain.hpp"
#include "reductions/cnf_to_ov.hpp"
#include "reductions/ov_to_diameter.hpp"
#include "solvers/ov_solver.hpp"
#include "solvers/sat_result.hpp"

namespace sethkit {

struct DiameterChainReport {
  std::string source_kind;  // "cnf" or "ov"
  std::string source_name;
  std::optional<CnfToOvCertificate> split;
  DiameterCertificate certificate;
  DiameterDecoded decoded;
  bool witness_checked = false, witness_ok = false;
  std::optional<Assignment> assignment;
  std::optional<SatResult> sat_truth;
  OvAnswer ov_truth;
  bool ov_stage_consistent = true;
  Agreement agreement = Agreement::kUnknown;
  std::string explanation;
  double seconds_encode = 0, seconds_decode = 0, seconds_truth = 0;
};

DiameterChainReport run_ov_diameter_chain(const OvInstance& ov, const std::string& source_name);
DiameterChainReport run_cnf_diameter_chain(const Cnf& cnf, const std::string& source_name,
                                           double solver_time_limit_s = 0);

}  // namespace sethkit
