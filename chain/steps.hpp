// One step per edge of the reduction graph, so that any path of the graph runs
// as a chain (chain/executor.hpp). An edge into a problem that
// travels further (ov, 3-ov, gap-hamming, gap-max-ip) is an exact step: it encodes its
// source and maps a witness of the target back. An edge into a problem that
// an oracle answers (attention, transformer, graph-diameter) is an oracle
// step: it encodes, runs the oracle (with the requested noise), decodes, and
// answers its source problem with a verdict and a witness.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "chain/options.hpp"
#include "reductions/verdict.hpp"

namespace sethkit {

// What one reduction step claimed and built.
struct StepRecord {
  std::string reduction, from, to;
  std::string declared_overhead;  // the reduction's kDeclaredOverhead
  nlohmann::json evaluated;       // the sizes its certificate claims, before building
  nlohmann::json built;           // the sizes of the instance built
  bool overhead_ok = true;        // built within the claim
  std::string overhead_problem;   // one line when not
  nlohmann::json certificate;
  double seconds = 0;
};

// A step's record with its name, its problems and its declared overhead filled in.
StepRecord step_record(std::string reduction, std::string from, std::string to,
                       std::string declared_overhead);

// Records the sizes the certificate (or gadget) `claimant` claims and those
// built; the overhead is ok exactly when they are equal.
void record_sizes(StepRecord& r, const char* claimant, nlohmann::json evaluated,
                  nlohmann::json built);

struct EncodedValue {
  ProblemValue target;
  // A witness of the target -> a witness of the source, or nothing when it is
  // not one (a padding vector, say).
  std::function<std::optional<Witness>(const ProblemValue& source, const Witness&)> witness_back;
  StepRecord record;
};

// The oracle step at the end of a chain: its answer to its source problem.
struct OracleRecord {
  StepRecord step;
  std::string oracle;  // backend, or "BFS", or the problem's own solver
  Verdict verdict = Verdict::kAmbiguous;
  std::optional<Witness> witness;  // on the step's source problem
  std::vector<Verdict> rows;       // per source row, where the decoding is row by row
  std::string note;                // why AMBIGUOUS, or a missing witness
  double margin = 0;               // how much more error would not change the answer
  double assumed_error = 0, error_bound = 0, tolerated_error = 0;
  std::optional<double>
      measured_error;  // ||output - float64 reference||_inf, injected noise included
  double noise = 0;
  std::uint64_t seed = 0;
  nlohmann::json record;  // the oracle's part of the run bundle
  double seconds_oracle = 0, seconds_decode = 0, seconds_witness = 0;
};

struct ChainStep {
  std::function<EncodedValue(const ProblemValue&, const ChainOptions&)> encode;  // exact steps
  std::function<OracleRecord(const ProblemValue&, const ChainOptions&)> solve;   // oracle steps
};

// What the oracle steps into attention and its gradient share (attention_steps.cpp):
// the refusal, before anything is built, of an instance the backend cannot run;
// the claimed and built sizes (B within its claimed bound); the backend's record.
void require_backend_runs(const AttentionCertificate& claimed, const ChainOptions& options);
void record_attention_sizes(StepRecord& s, const AttentionCertificate& c, const Matrix& q,
                            const Matrix& k, double measured_b);
nlohmann::json backend_record(const AttentionBackend& backend, const std::string& details,
                              double error_bound);

// The step of a reduction of the graph (by its edge name); ContractError if none.
const ChainStep& chain_step(const std::string& reduction);

// The oracle steps, one per oracle family (attention_steps.cpp, transformer_step.cpp,
// diameter_step.cpp).
OracleRecord solve_ov_attention(const ProblemValue& ov, const ChainOptions& options);
OracleRecord solve_gap_hamming_attention(const ProblemValue& gap, const ChainOptions& options);
OracleRecord solve_gap_max_ip_attention(const ProblemValue& gap, const ChainOptions& options);
OracleRecord solve_three_ov_transformer(const ProblemValue& three, const ChainOptions& options);
// gradient_step.cpp
OracleRecord solve_ov_attention_gradient(const ProblemValue& ov, const ChainOptions& options);
OracleRecord solve_ov_diameter(const ProblemValue& ov, const ChainOptions& options);

}  // namespace sethkit
