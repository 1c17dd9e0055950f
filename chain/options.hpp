// The options every step of a chain reads (chain/executor.hpp): the oracle's
// backend and the error it is assumed to make, injected noise, the solver's
// time limit, and each construction's parameters. The values a chain carries
// (ProblemValue, Witness, Agreement) are core/problem.hpp's.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "attention/registry.hpp"
#include "core/budget.hpp"
#include "core/problem.hpp"
#include "reductions/cnf_to_ov.hpp"
#include "reductions/gap_hamming_to_attention.hpp"
#include "reductions/ov_to_attention.hpp"
#include "reductions/ov_to_gap_max_ip.hpp"
#include "reductions/three_ov_to_transformer.hpp"

namespace sethkit {

struct ChainOptions {
  std::string backend = "auto";  // the attention backend of every oracle (chain/oracle_choice.hpp)
  BackendOptions backend_options;       // its parameters (approximate ones, external)
  std::optional<double> assumed_error;  // default: the oracle's bound (at least the
                                        // certificate's exact_oracle_error) or the noise;
                                        // for a backend without a bound, just under the
                                        // tolerated error (the answer is then judged
                                        // against ground truth, the error measured)
  double noise = 0;                     // uniform noise in [-noise, noise] on oracle outputs
  std::uint64_t seed = 1;               // seeds the noise
  double solver_time_limit_s = 0;       // CaDiCaL time limit; 0 = none
  CnfToOv::Params split{};
  OvToAttention::Params attention{};           // scale convention and limits
  SinkVariant sinks = SinkVariant::kOneSink;   // gap-hamming-to-attention
  OvToGapMaxIp::Params pcp{};                  // the distributed PCP's k and q
  ThreeOvToTransformer::Params transformer{};  // L, H (K = L H also sizes cnf-to-3ov), ...
  Budget budget = process_budget();            // the plan is refused above it (chain/plan.hpp)
  // Told each stage as it starts and ends ("plan: ...", "encode cnf-to-ov: 0.2 s").
  std::function<void(const std::string&)> on_stage;
};

}  // namespace sethkit
