// The conv basis of causal attention (Liang, Liu, Shi, Song, Xu, Yin,
// "Conv-Basis", 2024: attention approximated by k convolution matrices and
// computed with FFTs in O(k n d log n)). The definitions, the recovery
// algorithm, the exp step and the error bound are derived for sethkit in
// docs/conv_basis.md (the paper's own versions are unverified).
//
// conv(a, m): n x n, zero except its last m columns, entry a[i - j] for
// j >= n - m and i >= j (bottom-right anchoring). A k-conv basis
// H = sum_l conv(b_l, m_l) has starts s_l = n - m_l, s_1 = 0. The causal score
// matrix H = M o (scale Q K^T) is read through its entries H(i, j) =
// scale <q_i, k_j> (O(d) each), never formed:
//   recovery (1.5): binary search for the change points of the aligned
//     columns' first T entries (windows), a linear scan of the last T
//     columns, then the k full start columns C_l;
//   exp step (1.4): A = M o exp(H) = sum_l conv(bt_l, m_l) with
//     bt_l = exp(C_l - c*) - exp(C_(l-1)[0 : m_l] - c*), c* = max H;
//   evaluation (1.6): Num = sum_l conv(bt_l, m_l) V by FFT, Y = Num / Den
//     (attention/conv_product.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/matrix.hpp"

namespace sethkit {

struct ConvBasis {
  Eigen::Index n = 0;
  std::vector<Eigen::Index> starts;  // s_1 = 0 < s_2 < ... < s_k
  std::vector<Vector> columns;       // C_l: H(s_l + r, s_l), r < n - s_l
  double c_star = 0;                 // max over the start columns = max H for a k-conv H
  std::uint64_t window_reads = 0;    // entries read by the change-point search
  std::size_t k() const { return starts.size(); }
};

struct ConvRecoveryParams {
  Eigen::Index window = 8;  // T
  double tau = -1;          // window l1 threshold; < 0: 1e-9 (1 + max |window entry|) T
  std::size_t k_max = 64;   // refuse a basis with more starts
};

struct ConvRecovery {
  std::optional<ConvBasis> basis;
  std::string reason;  // why not, when there is no basis
};

// q, k: n x d (the same n), logits scale <q_i, k_j> under the causal mask.
ConvRecovery recover_conv_basis(const Matrix& q, const Matrix& k, double scale,
                                const ConvRecoveryParams& params);

// The rebuilt score H~(i, j) (i >= j): C_l*[i - j] with s_l* the last start <= j.
double conv_basis_score(const ConvBasis& basis, Eigen::Index i, Eigen::Index j);

}  // namespace sethkit
