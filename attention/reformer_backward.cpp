// The `reformer` backend's backward pass (attention/reformer_backend.hpp;
// docs/backends.md, "Backward pass"): the exact gradient, in float64, of the
// function the forward pass computes with its buckets held fixed (hashing is
// piecewise constant, so that is its derivative almost everywhere, the one
// the paper trains through). Combining the rounds with the ln N_ij
// correction makes the forward's output softmax over the union U_i of the
// keys query i meets in any round (causal: those at most its position), so
// the formulas of attention/backward.cpp hold over U_i; a causal row that
// meets no visible key copies its own position's value, which passes dO to
// that value alone (a softmax over that one key). The per-row work is
// attention/keyed_backward.hpp's. Cost O(n_q |U| (d + d_v)), |U| <= 2 c rounds.
#include <chrono>
#include <limits>

#include "attention/keyed_backward.hpp"
#include "attention/reformer_backend.hpp"
#include "attention/reformer_hashing.hpp"

namespace sethkit {

AttentionGradients ReformerBackend::compute_backward(const AttentionInput& in, const Matrix&,
                                                     const Vector&, const Matrix& d_out) const {
  const auto start = std::chrono::steady_clock::now();
  const Eigen::Index offset = in.k.rows() - in.q.rows();
  const ReformerRounds hashed = rounds_for(in);
  AttentionGradients g = keyed_softmax_backward(
      in, d_out,
      [&](Eigen::Index i) {
        WeightedKeys keys;
        for (const Eigen::Index j : hashed.key_set(i))
          if (!in.causal || j <= i + offset) keys.emplace_back(j, 1.0);
        // Causal, no visible key met: out_i = v at its own position, a softmax over that key alone.
        if (keys.empty()) keys.emplace_back(i + offset, 1.0);
        return keys;
      },
      "reformer");
  g.error_bound = std::numeric_limits<double>::infinity();
  g.details = "the gradient of the LSH attention's own output (buckets fixed), float64";
  g.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return g;
}

}  // namespace sethkit
