// The chain CNF -> unbalanced 3-OV -> L-layer, H-head transformer -> decoded
// answer (Saha, Xu, Ye, Yu 2026; spec/transformers.md 2-4), checked against
// CaDiCaL and against the bit-packed 3-OV solver, with the recovered triple
// put through the independent checker and the assignment through
// core/verify. The oracle is the reference transformer with its heads on a
// registered backend; optional uniform noise on every oracle output
// exercises the tolerance.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/cnf.hpp"
#include "reductions/chain.hpp"
#include "reductions/cnf_to_three_ov.hpp"
#include "reductions/three_ov_to_transformer.hpp"
#include "solvers/sat_result.hpp"
#include "solvers/three_ov_solver.hpp"

namespace sethkit {

struct TransformerChainOptions {
  ThreeOvToTransformer::Params transformer{};  // L, H, softmax/hardmax, MLP mode, beta
  std::string backend = "naive";
  double noise = 0;  // uniform noise in [-noise, noise] on every oracle output
  std::uint64_t seed = 1;
  std::optional<double> assumed_error;  // default: noise + the heads' bounds, at least 1e-9
  double solver_time_limit_s = 0;
};

struct TransformerChainReport {
  std::string source_name;
  CnfToThreeOvCertificate split;
  TransformerCertificate certificate;
  std::string backend;
  double oracle_error_bound = 0;  // sum of the heads' reported bounds (main run)
  double noise = 0;
  std::uint64_t seed = 0;
  TransformerDecoded decoded;
  TransformerWitness witness;
  std::optional<Assignment> assignment;
  bool witness_checked = false, witness_ok = false;
  std::optional<SatResult> sat_truth;
  ThreeOvAnswer three_ov_truth;
  bool three_ov_stage_consistent = true;  // 3-OV answer == SAT answer (checks the split)
  Agreement agreement = Agreement::kUnknown;
  std::string explanation;
  double seconds_encode = 0, seconds_oracle = 0, seconds_witness = 0, seconds_truth = 0;
};

TransformerChainReport run_cnf_transformer_chain(const Cnf& cnf, const std::string& source_name,
                                                 const TransformerChainOptions& options);

}  // namespace sethkit
