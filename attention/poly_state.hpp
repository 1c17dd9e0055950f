// What the poly backend's forward pass keeps for its backward pass (Alman &
// Song, "Fast Attention Requires Bounded Entries", NeurIPS 2023; the
// polynomial method, docs/backends.md, "Backward pass"): the unmasked
// forward's Z = phi(K)^T [V, 1] (r x (d_v + 1)), which the backward pass needs
// again for dQ, with what it was computed from. The backward pass takes it
// only for the same degree, |scale| and K and V (a 64-bit fingerprint of
// their entries, O(n d)), and otherwise computes Z again.
#pragma once

#include <cstdint>

#include "attention/backend.hpp"
#include "attention/poly_features.hpp"

namespace sethkit {

struct PolyForwardState : ForwardState {
  ColMatrix z;
  int degree = -1;
  double sigma = 0;
  std::uint64_t keys_values = 0;  // poly_fingerprint(K, V)

  // Z if this state was computed from (degree, sigma, K, V), else null.
  const ColMatrix* z_for(int degree, double sigma, const Matrix& k, const Matrix& v) const;
};

// A 64-bit hash of the shapes and entries of K and V.
std::uint64_t poly_fingerprint(const Matrix& k, const Matrix& v);

}  // namespace sethkit
