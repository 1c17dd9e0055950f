// What a chain carries from step to step (reductions/chain_executor.hpp): a
// problem instance, a witness on it, the options every step reads, and the
// agreement the chain settles on. A chain is a path in the reduction graph
// (reductions/reduction_graph.hpp); each edge's step (reductions/chain_steps.hpp)
// maps a ProblemValue to the next one and a witness back.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/cnf.hpp"
#include "core/gap_hamming.hpp"
#include "core/ov.hpp"
#include "core/three_ov.hpp"
#include "reductions/cnf_to_ov.hpp"
#include "reductions/gap_hamming_to_attention.hpp"
#include "reductions/ov_to_attention.hpp"
#include "reductions/three_ov_to_transformer.hpp"

namespace sethkit {

// An instance of one problem of the graph: cnf-sat, ov, 3-ov or gap-hamming.
// (attention, transformer and graph-diameter are answered by an oracle and
// never travel further.)
using ProblemValue = std::variant<Cnf, OvInstance, ThreeOvInstance, GapHamming>;

// The graph's name of the problem a value is an instance of ("cnf-sat", ...).
const char* problem_name(const ProblemValue& value);

// A solution on one problem: OV (i, j), 3-OV (i, j, k), Gap-Hamming (row,
// partner) as indices; CNF-SAT an assignment.
struct Witness {
  std::vector<std::size_t> indices;
  std::optional<Assignment> assignment;
};

// "a[3] b[5]", "a[0] b[2] c[1]" or "assignment 1 -2 3".
std::string describe(const Witness& witness);

enum class Agreement { kAgree, kDisagree, kAmbiguous, kUnknown };
const char* to_string(Agreement a);  // "agree", "disagree", "ambiguous", "unknown"

struct ChainOptions {
  std::string backend = "naive";        // the attention backend of every oracle
  std::optional<double> assumed_error;  // default: the oracle's bound (at least the
                                        // certificate's exact_oracle_error) or the noise
  double noise = 0;                     // uniform noise in [-noise, noise] on oracle outputs
  std::uint64_t seed = 1;               // seeds the noise
  double solver_time_limit_s = 0;       // CaDiCaL time limit; 0 = none
  CnfToOv::Params split{};
  OvToAttention::Params attention{};           // scale convention and limits
  SinkVariant sinks = SinkVariant::kOneSink;   // gap-hamming-to-attention
  ThreeOvToTransformer::Params transformer{};  // L, H (K = L H also sizes cnf-to-3ov), ...
};

}  // namespace sethkit
