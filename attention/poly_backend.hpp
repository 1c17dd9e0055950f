// The `poly` backend: the polynomial method of Alman & Song, "Fast Attention
// Requires Bounded Entries" (NeurIPS 2023), whose abstract states attention is
// computable in n^(1+o(1)) time for entries o(sqrt(log n)), d = O(log n).
// Details as derived in docs/backends.md ("poly"):
//
// 1. R' = |scale| max ||q_i|| max ||k_j|| (an O(n d) bound on the logit radius);
//    eps = min(1/3, eps_a / (3 max |V|)); Taylor degree g from the degree rule
//    (or fixed); rank r = C(d + g, g).
// 2. Features in graded order, one multiply each:
//    phi(x)_(beta + e_l) = phi(x)_beta * x_l * sqrt(|scale| / (beta_l + 1)),
//    so phi(q) . phi(k) = P_g(scale <q, k>).
// 3. Keys streamed in blocks: Z = phi(K)^T [V, 1] (r x (d_v + 1)), kept in
//    the result for the backward pass (attention/poly_state.hpp).
// 4. Queries in blocks: [num, w] = phi(Q_blk) Z, output num / w, lse ln w.
// 5. Causal inputs: query blocks in order, Z a running sum over the keys every
//    row of the block sees, plus the block's strictly lower triangle
//    phi(Q_blk) phi(K_part)^T [V_part, 1]; cost O(n r (d_v + 1) + n block r).
// Cost O((n_q + n_k) r (d_v + 1)); memory O(r (d_v + 1) + block r) per thread.
// Guaranteed entrywise error 2 e' / (1 - e') max |V| with e' the Taylor bound
// at R' (docs/backends.md). The plan refuses, with its reason, a rank or work above the
// budget and R' > 10 (double precision loses about 2R / ln 10 digits to
// cancellation, docs/backends.md).
//
// Backward pass (attention/poly_backward.cpp): the exact gradient of this
// approximation, by reverse mode through the feature recursion, in
// O((n_q + n_k) r (d_v + 2)) with its own error bound against the exact
// gradient (docs/backends.md, "Backward pass").
#pragma once

#include <cstdint>
#include <string>

#include "attention/backend.hpp"

namespace sethkit {

struct PolyParams {
  double target_error = 1e-3;         // eps_a: wanted max entrywise output error
  int degree = -1;                    // fixed Taylor degree g, or -1 for the degree rule
  std::uint64_t max_rank = 1u << 20;  // refuse r above this
  double max_work = 1e12;             // refuse (n_q + n_k) r (d_v + 2) above this
  double max_logit_radius = 10;       // refuse R' above this (double precision)
  Eigen::Index block = 256;           // rows per block (fewer at a large rank: ~16 MiB of features)
  bool require_guarantee =
      true;  // refuse a fixed degree whose Taylor bound is >= 1 (experiments turn it off)
};

struct PolyPlan {
  bool ok = false;
  std::string reason;         // why not, when !ok
  double radius = 0;          // R'
  int degree = 0;             // g
  std::uint64_t rank = 0;     // r = C(d + g, g)
  double relative_error = 0;  // e' = e^R' R'^(g+1) / (g+1)!
  double error_bound = 0;     // 2 e' / (1 - e') max |V|
};

class PolyBackend : public AttentionBackend {
 public:
  PolyBackend() : PolyBackend(PolyParams{}) {}
  explicit PolyBackend(PolyParams params) : params_(params) {}

  std::string name() const override { return "poly"; }
  std::string description() const override;
  Support supports(const AttentionShape& shape) const override;
  Support supports_input(const AttentionInput& input) const override;

  PolyPlan plan(const AttentionInput& input) const;
  bool has_backward() const override { return true; }

 private:
  PolyParams params_;
  // Rows per block: at most params_.block, fewer at a large rank r, so that
  // one thread's block x r features stay near `bytes` (16 MiB forward; 8 MiB
  // unmasked backward, whose adjoints are formed a few dozen rows at a time;
  // 2 MiB causal backward, whose block x r adjoints are formed whole and run
  // fastest from the cache).
  Eigen::Index feature_block(std::size_t rank, double bytes = 16.0 * 1024 * 1024) const;

 protected:
  AttentionOutput compute(const AttentionInput& input) const override;
  // attention/poly_backward.cpp; the unmasked forward keeps its Z
  // (attention/poly_state.hpp) and the backward pass reads it.
  AttentionGradients compute_backward(const AttentionInput& input, const Matrix& out,
                                      const Vector& lse, const Matrix& d_out) const override;
  AttentionGradients compute_backward_from(const AttentionInput& input,
                                           const AttentionOutput& forward,
                                           const Matrix& d_out) const override;

 private:
  AttentionGradients backward_pass(const AttentionInput& input, const Matrix& out,
                                   const Vector& lse, const Matrix& d_out,
                                   const ForwardState* state) const;
};

}  // namespace sethkit
