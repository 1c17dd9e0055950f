// Unbalanced 3-OV -> an L-layer, H-head transformer (derived
// here, the paper's own gadget may differ). Theorem
// (Saha, Xu, Ye, Yu 2026, abstract): for embedding m = N^(o(1)), evaluating L
// layers of H heads needs L H N^(2-o(1)) time under SETH. Docs:
// docs/reductions/three_ov_to_transformer.md.
//
// Tokens: N real (token i carries a_i and b_i) and one dummy. Columns: a-block
// (D), b-block (D), ONE, DUM, ACC, then ceil(log2 N) index bits of the token
// and as many bit-output columns. Head k = l H + h holds c_k:
//   Wq[t][t] = -beta c_k[t], Wk[D + t][t] = 1 (balanced: -sqrt(beta), sqrt(beta)),
//   Wv[DUM][ACC] = 1 and Wv[BIT_p][OUT_p] = 1; score scale 1.
// The score of real key j is -beta sum_t a_i b_j c_k, the dummy's is 0; a
// witness ties with the dummy, so the head writes P[i][dummy] <= 1/2 into ACC
// when (a_i, c_k) has a witness and >= 1 - N e^-beta otherwise. No head reads
// ACC or the bit outputs, so every head sees the original instance and
// ACC_i = sum_k o_i^(k). beta = ln(8 K N): NO rows have ACC >= K - 1/8, a YES
// row ACC <= K - 1/2; YES iff min ACC < K - 1/4, tolerated error 1/8.
// Witness (4.3): the head by binary search over head subsets (the other heads'
// value maps zeroed), the partner from the bit outputs of that head alone
// (exact for a unique witness), else by an O(N D) scan; every triple goes
// through the independent checker.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <functional>
#include <optional>
#include <string>

#include "attention/transformer.hpp"
#include "core/limits.hpp"
#include "core/three_ov.hpp"
#include "reductions/edge_record.hpp"
#include "reductions/verdict.hpp"

namespace sethkit {

struct TransformerCertificate {
  std::size_t n = 0, d = 0, k = 0;  // N, D, K = L H
  std::size_t layers = 0, heads = 0;
  Eigen::Index tokens = 0, width = 0, head_width = 0;  // N + 1, m, r = D
  std::size_t index_bits = 0;                          // ceil(log2 N)
  Eigen::Index col_one = 0, col_dum = 0, col_acc = 0, col_bits = 0, col_bit_out = 0;
  double beta = 0;         // ln(8 K N) unless forced
  double entry_bound = 0;  // max |weight or input entry|
  double scale = 1;
  double yes_bound = 0;  // a YES row's ACC is at most this (K - 1/2)
  double no_bound = 0;   // every NO row's ACC is at least this (K (1 - N e^-beta))
  double threshold = 0;  // K - 1/4: YES iff min ACC < threshold
  double tolerance = 0;  // min(threshold - yes_bound, no_bound - threshold)
  double bytes = 0;      // X and all weights
  std::string tolerance_note;
};

struct TransformerInstance {
  TransformerModel model;
  Matrix x;  // (N + 1) x m
  TransformerCertificate certificate;
};

struct TransformerDecoded {
  Verdict verdict = Verdict::kAmbiguous;
  std::size_t row = 0;  // the row of min ACC (a witness row for YES)
  double min_acc = 0;
  double margin = 0;  // distance of min ACC from the threshold, on the decided side
  double assumed_error = 0;
  std::string note;  // why AMBIGUOUS
};

struct TransformerWitness {
  std::optional<Triple> triple;  // checked by is_orthogonal_triple
  std::string method;            // "bits" or "scan"
  int oracle_calls = 0;
};

// Runs a model on the instance's input and returns X_L.
using TransformerOracle = std::function<Matrix(const TransformerModel&, const Matrix&)>;

class ThreeOvToTransformer {
 public:
  using Source = ThreeOvInstance;
  using Target = TransformerInstance;
  static constexpr const char* kName = "3ov-to-transformer";
  static constexpr const char* kDeclaredOverhead =
      "tokens = N + 1, m = 2D + 3 + 2 ceil(log2 N), r = D, L H = K heads, beta = ln(8 K N)";
  // This reduction as an edge of the reduction graph (docs/graph.md).
  static EdgeRecord edge();

  struct Params {
    std::size_t layers = 1;  // L
    std::size_t heads = 1;   // H; L H must equal |C| = K
    AttentionKind attention = AttentionKind::kSoftmax;
    MlpMode mlp_mode = MlpMode::kResid;
    bool balanced = false;   // split beta as -sqrt(beta) in Wq and sqrt(beta) in Wk
    double forced_beta = 0;  // experiments only: beta instead of ln(8 K N)
    Limits limits{};
  };

  ThreeOvToTransformer() : ThreeOvToTransformer(Params{}) {}
  explicit ThreeOvToTransformer(Params params) : params_(params) {}

  // Throws ContractError when L H != K, the sets A and B differ in size, or the
  // instance would exceed the limits (checked before allocation).
  TransformerCertificate certificate(const ThreeOvInstance& source) const;
  TransformerInstance encode(const ThreeOvInstance& source) const;
  // X_L (tokens x m) -> verdict, trusting the oracle to `assumed_error`.
  // (The source is not read: the verdict comes from the ACC column alone.)
  TransformerDecoded decode(const ThreeOvInstance& source, const TransformerInstance& target,
                            const Matrix& output, double assumed_error) const;
  // For a YES row: the witness head and partner through further oracle calls.
  TransformerWitness recover_witness(const ThreeOvInstance& source,
                                     const TransformerInstance& target, std::size_t row,
                                     const TransformerOracle& oracle) const;

 private:
  Params params_;
};

// The decision rule alone, from the certificate: what `decode` does, for an
// output read back from a file (sethkit forward --decode).
TransformerDecoded decode_transformer_output(const TransformerCertificate& certificate,
                                             const Matrix& output, double assumed_error);

// The model with the value maps of heads outside [first, last) zeroed.
TransformerModel keep_heads(const TransformerModel& model, std::size_t first, std::size_t last);

// The certificate as the run bundle and the model directory's certificate.json
// record it, and read back (for `forward --decode`): the fields decoding needs
// and the sizes; InputError naming `file` on a missing or mistyped field.
nlohmann::json to_json(const TransformerCertificate& c);
TransformerCertificate transformer_certificate_from_json(const nlohmann::json& j,
                                                         const std::string& file);

}  // namespace sethkit
