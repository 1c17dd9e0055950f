// The end-to-end chains: CNF -> OV -> attention -> decoded answer, and
// OV -> attention -> decoded answer, each checked against independent ground
// truth (CaDiCaL for CNF, the bit-packed OV solver for OV) and with the
// decoded witness put through core/verify.
//
// Steps: C1 split-and-list (cnf_to_ov.hpp), C2 one-sink attention
// (ov_to_attention.hpp), the oracle from the backend registry, optional
// uniform noise on the oracle output (to exercise the tolerance), decoding,
// ground truth, agreement. The report carries every number a run bundle needs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/cnf.hpp"
#include "core/gap_hamming.hpp"
#include "core/ov.hpp"
#include "core/ov_format.hpp"
#include "reductions/cnf_to_ov.hpp"
#include "reductions/gap_hamming_to_attention.hpp"
#include "reductions/ov_to_attention.hpp"
#include "solvers/ov_solver.hpp"
#include "solvers/sat_result.hpp"

namespace sethkit {

// How OV reaches attention: C2 directly, or C3 through the exact Hamming
// gadget and the one-sink Gap-Hamming construction.
enum class ChainRoute { kDirect, kHammingGadget };

struct ChainOptions {
  ChainRoute route = ChainRoute::kDirect;
  std::string backend = "naive";
  std::optional<double>
      assumed_error;  // default: max(backend bound or the certificate's exact_oracle_error, noise)
  double noise = 0;   // uniform noise in [-noise, noise] added to the oracle output
  std::uint64_t seed = 1;          // seeds the noise
  double solver_time_limit_s = 0;  // CaDiCaL time limit; 0 = none
  CnfToOv::Params split{};
  OvToAttention::Params attention{};
};

enum class Agreement { kAgree, kDisagree, kAmbiguous, kUnknown };
const char* to_string(Agreement a);  // "agree", "disagree", "ambiguous", "unknown"

struct ChainReport {
  std::string source_kind;  // "cnf" or "ov"
  std::string source_name;
  std::vector<std::string> warnings;

  std::optional<CnfToOvCertificate> split;                  // CNF sources only
  std::uint64_t built_n_a = 0, built_n_b = 0, built_m = 0;  // the OV instance built (or read)
  std::optional<GapPromise> hamming;  // the Hamming-gadget route: t = m, eps = 2/m
  std::size_t hamming_dim = 0;        // 3m (or the Gap-Hamming source's dimension)
  // Gap-Hamming sources: per-row comparison with brute-force nearest distances.
  std::size_t gap_rows_checked = 0, gap_rows_outside = 0, gap_row_disagreements = 0;
  std::optional<std::size_t> first_row_disagreement;
  AttentionCertificate certificate;
  Eigen::Index built_n_q = 0, built_n_k = 0, built_d = 0;  // Q and K actually built
  double measured_entry_bound = 0;                         // B as built
  double measured_logit_radius = -1;  // R as observed by the oracle, -1 if not observed

  std::string backend;
  double oracle_error_bound = 0;  // the backend's guarantee
  double noise = 0;
  std::uint64_t seed = 0;             // seeds the noise
  std::optional<double> oracle_linf;  // ||output - naive reference||_inf, when measured
  OvDecoded decoded;
  std::optional<Assignment> assignment;  // CNF sources, decoded YES with a witness
  bool witness_checked = false;          // by core/verify
  bool witness_ok = false;

  std::optional<SatResult> sat_truth;  // CNF sources
  OvAnswer ov_truth;                   // the OV instance (for CNF, the one built by C1)
  bool ov_stage_consistent = true;     // CNF: OV answer == SAT answer (checks C1)

  Agreement agreement = Agreement::kUnknown;
  std::string explanation;  // one line: why this agreement

  double seconds_encode = 0, seconds_oracle = 0, seconds_decode = 0, seconds_truth = 0;
};

ChainReport run_ov_chain(const OvInstance& ov, const std::string& source_name,
                         const ChainOptions& options);
ChainReport run_cnf_chain(const Cnf& cnf, const std::string& source_name,
                          const ChainOptions& options);
// Gap-Hamming -> attention (one sink or n sinks); every row inside the promise is
// compared with the label its brute-force nearest distance earns.
ChainReport run_gap_hamming_chain(const GapHamming& gap, const std::string& source_name,
                                  const ChainOptions& options, SinkVariant variant);

}  // namespace sethkit
