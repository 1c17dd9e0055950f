// The `flash` backends: exact attention, streaming, both cores, no n x n
// memory (kernel: flash_kernel.hpp). `flash` computes in float32 and `flash64`
// in float64; both return the per-row log-sum-exp.
//
// Error bound of `flash` (float32), a first-order worst-case rounding bound
// with u = 2^-24 and R' = |scale| max ||q_i|| max ||k_j|| (an O(n d) bound on
// the logit radius): each weight exp(l_ij - m_i) carries a relative error of at
// most delta = u ((d + 2) R' + n_k + 8) (dot product, shift, exp, sum), so the
// output is off by at most (2 delta / (1 - delta) + u) max |V|. `flash64`
// reports 0 (exact up to double rounding) like `naive`. supports() refuses
// inputs above kWorkBudget multiply-adds (an hour and more on two cores at flash64's
// 3.6 10^10 a second, docs/performance.md) rather than run for days.
//
// Backward pass (flash_backward.hpp): FlashAttention-2's, streaming, from the
// forward's log-sum-exp. `flash64` reports 0 (exact up to double rounding);
// for `flash` (float32) no a-priori bound is derived: it reports +inf and the
// conformance test measures it against `naive`.
#pragma once

#include "attention/backend.hpp"
#include "attention/flash_kernel.hpp"

namespace sethkit {

class FlashBackend : public AttentionBackend {
 public:
  enum class Precision { kFloat32, kFloat64 };
  static constexpr double kWorkBudget = 2e14;

  // The backward pass's tiles (query block x key tile) are smaller: its five
  // tile products keep more tiles live (64 x 128 measured fastest at n = 8192,
  // d = 64; docs/performance.md).
  static constexpr FlashTiles kBackwardTiles{64, 128};

  explicit FlashBackend(Precision precision, FlashTiles tiles = {},
                        FlashTiles backward_tiles = kBackwardTiles)
      : precision_(precision), tiles_(tiles), backward_tiles_(backward_tiles) {}

  std::string name() const override {
    return precision_ == Precision::kFloat32 ? "flash" : "flash64";
  }
  std::string description() const override;
  Support supports(const AttentionShape& shape) const override;
  bool has_backward() const override { return true; }

  // The float32 rounding bound described above (0 for float64).
  double error_bound(const AttentionInput& input) const;

 private:
  Precision precision_;
  FlashTiles tiles_, backward_tiles_;

 protected:
  AttentionOutput compute(const AttentionInput& input) const override;
  AttentionGradients compute_backward(const AttentionInput& input, const Matrix& out,
                                      const Vector& lse, const Matrix& d_out) const override;
};

}  // namespace sethkit
