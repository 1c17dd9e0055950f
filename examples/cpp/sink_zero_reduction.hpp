// A reduction written outside sethkit, against its installed headers: OV ->
// one attention call with a zero-valued sink. It is not a paper's
// construction and not sethkit's C2 (docs/reductions/ov_to_attention.md): it
// is the simplest sound variant, kept short to show the shape every sethkit
// reduction has (reductions/reduction.hpp) and how sethkit checks one.
//
// Q: row i is -lambda a_i; K: row 0 is the zero sink, row j + 1 is b_j; V: 0
// for the sink, 1 for every b_j; scale 1. With S_i = sum_j exp(-lambda <a_i, b_j>),
//   out_i = S_i / (1 + S_i).
// A YES row (some <a_i, b_j> = 0) has S_i >= 1, so out_i >= 1/2. A NO row has
// every <a_i, b_j> >= 1, so with lambda = ln(8 n_b), S_i <= n_b e^-lambda = 1/8
// and out_i <= 1/9. Decide YES iff out_i >= 11/36, the midpoint; an oracle
// off by less than 7/36 entrywise decides every row right. The entries reach
// B = ln(8 n_b), far above the Theta(sqrt(log n)) at which Alman and Song's
// construction works: that is what makes this one so easy to prove.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <utility>

#include <sethkit/core/matrix.hpp>
#include <sethkit/core/ov.hpp>
#include <sethkit/reductions/attention_target.hpp>
#include <sethkit/reductions/edge_record.hpp>
#include <sethkit/reductions/verdict.hpp>

struct SinkZeroCertificate {
  double lambda = 0, threshold = 11.0 / 36.0, tolerated_error = 7.0 / 36.0;
  Eigen::Index n_q = 0, n_k = 0, d = 0;
};
nlohmann::json to_json(const SinkZeroCertificate& c);

struct SinkZeroDecoded {
  sethkit::Verdict verdict = sethkit::Verdict::kAmbiguous;
  std::optional<std::pair<std::size_t, std::size_t>> witness;  // an orthogonal (i, j)
};

class SinkZeroOvToAttention {
 public:
  using Source = sethkit::OvInstance;
  using Target = sethkit::AttentionInstance;
  struct Params {
    double threshold = 11.0 / 36.0;  // the decoding threshold on out_i
  };
  static constexpr const char* kName = "sink-zero-ov-to-attention";
  static constexpr const char* kDeclaredOverhead = "n_q = n_a, n_k = n_b + 1, d; O(n d) time";

  SinkZeroOvToAttention() : SinkZeroOvToAttention(Params{}) {}
  explicit SinkZeroOvToAttention(Params params) : params_(params) {}
  static sethkit::EdgeRecord edge();
  SinkZeroCertificate certificate(const Source& ov) const;
  Target encode(const Source& ov) const;
  // `output` is the oracle's n_a x 1 result for encode(ov).
  SinkZeroDecoded decode(const Source& ov, const Target& target,
                         const sethkit::Matrix& output) const;

 private:
  Params params_;
};
