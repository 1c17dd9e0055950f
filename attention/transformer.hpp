// The reference transformer of docs/transformer.md (derived for sethkit
// to cover every reading of Saha, Xu, Ye, Yu, "On the Computational Hardness
// of Transformers", 2026: L layers of H heads cost L H N^(2-o(1)) under SETH).
//
//   X_0 (n x m), rows are tokens. Layer l = 1..L, head h = 1..H:
//     Q = X Wq (m x r), K = X Wk (m x r), S = scale Q K^T (optionally
//         causal, optionally with RoPE: q_i^T R_(j-i) k_j, attention/rope.hpp)
//     P = softmax(S) row-wise (through an AttentionBackend, so naive, flash
//         and later backends all serve) or hardmax(S) (uniform over the exact
//         row maximum set)
//     O_h = P X Wv: sum aggregation Wv is m x m; concat Wv is m x (m / H)
//     Y = X + sum_h O_h            (sum), or X + [O_1 .. O_H] Wo  (concat, Wo m x m)
//     X_l = Y + MLP(Y)  (resid mode; no MLP weights: MLP = 0), or
//     X_l = MLP(Y)      (plain mode; no MLP weights: ReLU(Y))
//   MLP(Y) = ReLU(Y W1 + b1) W2 + b2, W1 m x f, W2 f x m.
// The default score scale is 1, the convention the constructions are stated
// in (docs/architecture.md). Cost per head: O(n m r + n m d_v) plus the backend's
// O(n^2 r); the forward pass runs L H heads one after another.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "attention/backend.hpp"
#include "core/matrix.hpp"

namespace sethkit {

enum class Aggregation { kSum, kConcat };
enum class MlpMode { kResid, kPlain };
enum class AttentionKind { kSoftmax, kHardmax };

const char* to_string(Aggregation a);
const char* to_string(MlpMode m);
const char* to_string(AttentionKind k);

struct TransformerHead {
  Matrix wq;  // m x r
  Matrix wk;  // m x r
  Matrix wv;  // m x m (sum) or m x (m / H) (concat)
};

struct Mlp {
  Matrix w1;  // m x f
  Vector b1;  // f
  Matrix w2;  // f x m
  Vector b2;  // m
};

struct TransformerLayer {
  std::vector<TransformerHead> heads;
  Matrix wo;               // m x m, concat only
  std::optional<Mlp> mlp;  // absent: 0 (resid) or ReLU (plain)
};

struct TransformerModel {
  Eigen::Index width = 0;  // m
  Aggregation aggregation = Aggregation::kSum;
  MlpMode mlp_mode = MlpMode::kResid;
  AttentionKind attention = AttentionKind::kSoftmax;
  double scale = 1;
  bool causal = false;       // query i sees keys j <= i
  std::optional<Rope> rope;  // RoPE on every head's Q and K (head width r even)
  std::vector<TransformerLayer> layers;

  std::size_t num_layers() const { return layers.size(); }
  std::size_t num_heads() const { return layers.empty() ? 0 : layers.front().heads.size(); }
};

// Throws ContractError naming the first inconsistent shape, a non-finite
// weight (layer, head, matrix) or a layer with a different head count.
void validate_transformer(const TransformerModel& model);

// X_L for X_0 = x (n x m). Softmax heads run on `backend`; the caller checks
// the backend supports them (run() refuses otherwise). When `head_bounds` is
// given it receives the sum over heads of the error bounds the backend
// reported (an error bound on X_L only where no head reads what another
// head wrote, as in the reductions' constructions). Throws ContractError
// when x does not match the model's width.
Matrix transformer_forward(const TransformerModel& model, const Matrix& x /* n x m */,
                           const AttentionBackend& backend, double* head_bounds = nullptr);

// Sets the entries above the diagonal of a square score matrix to -infinity.
void causal_mask(Matrix& s);

// Uniform weights over each row's exact maximum set (hardmax attention).
Matrix hardmax_rows(const Matrix& s /* n x n_k */);

// One head's output P X Wv (n x d_v): the building block of the forward pass;
// adds the backend's reported error bound to *bound when given.
Matrix transformer_head(const TransformerModel& model, const TransformerHead& head,
                        const Matrix& x /* n x m */, const AttentionBackend& backend,
                        double* bound = nullptr);

}  // namespace sethkit
