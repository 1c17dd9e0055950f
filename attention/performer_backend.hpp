// The `performer` backend: FAVOR+ (Choromanski et al., "Rethinking Attention
// with Performers", ICLR 2021), positive orthogonal random features.
//
// exp(s <q, k>) = E_w[phi(q') phi(k')] with q' = sign(s) sqrt|s| q,
// k' = sqrt|s| k and phi(x) = m^(-1/2) (exp(w_f . x - |x|^2 / 2))_f, the w_f
// Gaussian, drawn in orthogonal blocks of d (Gram-Schmidt by QR, each row
// rescaled to the norm of a Gaussian vector: the paper's regularised ORF).
// Then Att ~ phi(Q') (phi(K')^T [V, 1]) normalised by its last column.
// Stabilisers as in the authors' reference code: each query's features are
// divided by their largest exp(w_f . q') and the keys' by the largest over
// all keys (both cancel in the normalisation), and 1e-6 is added to every
// feature so a normaliser never underflows to 0 (a bias of that order
// relative to the largest key feature, docs/backends.md). Causal inputs by
// prefix sums over the keys, chunk by chunk. Default m = round(d ln d)
// features, at least 1: the default of the widely used performer-pytorch
// (the paper's analysis asks m of order d log d). Float32, seeded, both
// cores. Cost O((n_q + n_k) m (d + d_v)). The estimate is unbiased only
// without the stabilising constant and concentrates like 1/sqrt(m); no
// entrywise guarantee: 'unbounded'. No finite m makes it exact.
#pragma once

#include <cstdint>

#include "attention/backend.hpp"

namespace sethkit {

// The m x d projection drawn from `seed`: i.i.d. Gaussian rows, or orthogonal
// d x d blocks with rows rescaled to the norms of Gaussian vectors.
Matrix performer_projection(long m, Eigen::Index d, bool orthogonal, std::uint64_t seed);

struct PerformerParams {
  long features = -1;           // m; -1 = round(d ln d)
  bool orthogonal = true;       // orthogonal blocks (FAVOR+) or i.i.d. Gaussian rows
  std::uint64_t seed = 1;       // draws the projection
  double feature_floor = 1e-6;  // the authors' code's additive stabiliser
};

class PerformerBackend : public AttentionBackend {
 public:
  explicit PerformerBackend(PerformerParams params = {});
  std::string name() const override { return "performer"; }
  std::string description() const override;
  Support supports(const AttentionShape& shape) const override;
  // The m used for head dimension d.
  long features_for(Eigen::Index d) const;
  bool has_backward() const override { return true; }

 private:
  PerformerParams params_;

 protected:
  AttentionOutput compute(const AttentionInput& input) const override;
  // attention/performer_backward.cpp: the exact gradient of this backend's own
  // output, recomputed in float64; error_bound +inf, as the forward's.
  AttentionGradients compute_backward(const AttentionInput& input, const Matrix& out,
                                      const Vector& lse, const Matrix& d_out) const override;
};

}  // namespace sethkit
