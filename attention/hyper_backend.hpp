// The `hyper` backend: HyperAttention (Han et al., "HyperAttention:
// Long-context Attention in Near-Linear Time", ICLR 2024).
//
// Non-causal: sortLSH hashes queries and keys with r random hyperplanes
// (angular LSH; the query is negated first when the scale is negative), the
// r sign bits read as a Gray code so neighbouring buckets differ in one bit,
// and sorts both by bucket. Cut into ceil(n_k / b) blocks, the sorted order's
// block diagonal is attended exactly: the heavy entries LSH put together. The
// rest of each row is estimated from s key columns sampled uniformly (with
// replacement, one set for all queries): columns inside the query's own block
// are masked (already counted) and the others weigh n_k / s, so the row-sum
// estimate is the block's sum plus (n_k / s) times the sampled sum. The two
// parts merge by log-sum-exp.
// Causal (n_q = n_k): the paper's recursion: split in halves, recurse on the
// two causal diagonal halves, and add the non-causal HyperAttention of the
// second half's queries against the first half's keys; exact causal
// attention at or below max(b, exact_below) tokens.
// Defaults of the authors' code: r = 7 hyperplanes, block
// b = 256, s = 256 samples (at most n_k). The authors' code also falls back to exact
// attention below 4096 tokens; here exact_below defaults to 0 so the
// approximation runs at every size (set it to 4096 to match). b >= n_k is
// exact attention (one block, nothing sampled). Float32, seeded, blocks in
// parallel. Cost O(n (b + s)(d + d_v) + n log n). The paper's guarantee is
// spectral and probabilistic, not entrywise: 'unbounded'.
#pragma once

#include <cstdint>

#include "attention/backend.hpp"
#include "attention/hyper_plan.hpp"

namespace sethkit {

class HyperBackend : public AttentionBackend {
 public:
  static constexpr long kDefaultSamples = kHyperDefaultSamples;
  explicit HyperBackend(HyperParams params = {});
  std::string name() const override { return "hyper"; }
  std::string description() const override;
  Support supports(const AttentionShape& shape) const override;
  Support supports_input(const AttentionInput& input) const override;
  bool has_backward() const override { return true; }

 private:
  HyperParams params_;

 protected:
  AttentionOutput compute(const AttentionInput& input) const override;
  // attention/hyper_backward.cpp: the exact gradient of this backend's own
  // output (float64, hashes and samples fixed); error_bound +inf, as the forward's.
  AttentionGradients compute_backward(const AttentionInput& input, const Matrix& out,
                                      const Vector& lse, const Matrix& d_out) const override;
};

}  // namespace sethkit
