// The `reformer` backend: LSH attention (Kitaev, Kaiser & Levskaya,
// "Reformer: The Efficient Transformer", ICLR 2020).
//
// Each round hashes queries and keys with one random rotation R (d x b/2,
// Gaussian): h(x) = argmax [x R, -x R] (angular LSH, b buckets; the query
// is negated first when the scale is negative). Queries and keys are sorted
// by (bucket, position) and cut into C = ceil(n_k / c) chunks of near-equal
// length; query chunk t attends key chunks t and t - 1 (cyclically, as the
// paper's chunk "looks one back"). The rounds are combined by log-sum-exp; a
// pair met in N_ij rounds has its logit lowered by ln N_ij (the paper's
// correction for duplicates), so the result is softmax over the union of
// the rounds' key sets. Queries and keys are distinct here (the paper shares
// them), so nothing masks a token's own key; pairs in different buckets of
// the same chunks are not masked (chunks approximate the buckets, as in the
// paper's chunked computation). Causal: keys after the query are masked; a
// query that sees no key in any round attends its own position's key.
// Defaults: chunk (bucket size) c = 64, the size the paper recommends,
// b = n_k / c buckets (even; 1 when n_k <= c), and 4 rounds (more rounds are
// more accurate and slower; the paper compares 1 to 8).
// A default b above 64 is factorised as b1 x b2 (b1, b2 even, about sqrt b)
// with one rotation each, the bucket being (h1, h2), as the authors' Trax
// code allows: hashing then costs O(n d sqrt b), not O(n d b), which is
// quadratic once b grows with n. An explicit b is one rotation.
// One bucket and c >= n_k is exact attention. Float32, seeded, chunks in
// parallel. Cost O(rounds n (2c (d + d_v + rounds) + d sqrt b + log n)).
// No entrywise guarantee: 'unbounded'.
#pragma once

#include <cstdint>
#include <vector>

#include "attention/backend.hpp"

namespace sethkit {

struct ReformerParams {
  long chunk = 64;         // c, the chunk length (bucket size)
  long buckets = -1;       // b, 1 or even; -1 = n_k / c (even), 1 when n_k <= c
  int rounds = 4;          // hashing rounds
  std::uint64_t seed = 1;  // draws the rotations
};

struct ReformerRounds;  // attention/reformer_hashing.hpp

class ReformerBackend : public AttentionBackend {
 public:
  explicit ReformerBackend(ReformerParams params = {});
  std::string name() const override { return "reformer"; }
  std::string description() const override;
  Support supports(const AttentionShape& shape) const override;
  // The bucket count as one factor or, by default above 64, two (b1 x b2).
  std::vector<long> bucket_factors(Eigen::Index n_k) const;
  bool has_backward() const override { return true; }

 private:
  ReformerParams params_;
  // The hashing rounds of an input, the same in the forward and backward pass.
  ReformerRounds rounds_for(const AttentionInput& input) const;

 protected:
  AttentionOutput compute(const AttentionInput& input) const override;
  // attention/reformer_backward.cpp: the exact gradient of this backend's own
  // output (float64, the buckets held fixed); error_bound +inf, as the forward's.
  AttentionGradients compute_backward(const AttentionInput& input, const Matrix& out,
                                      const Vector& lse, const Matrix& d_out) const override;
};

}  // namespace sethkit
