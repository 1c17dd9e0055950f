// L H independent N x N matrix products -> one transformer whose gradient
// holds all of them (docs/reductions/products_to_transformer.md; derived for sethkit, it matches
// the shape Saha, Xu, Ye, Yu 2026 report for their large-embedding bound:
// N + 1 tokens, m = 2N + 3, identity MLP; the paper's own gadget may differ).
// Docs: docs/reductions/products_to_transformer.md.
//
// Tokens: real 0..N-1, anchor N. Columns: I-block 0..N-1 (e_i on token i),
// W-block N..2N-1 (write area, 0), CONST 2N (1 everywhere), ANCH 2N+1 (anchor
// only), SPARE 2N+2. Head (l, h) for A, B (head width N + 1, scale 1):
//   Wq[a][t] = A[a][t], Wq[CONST][N] = 1;  Wk[a][t] = B[t][a],
//   Wk[ANCH][N] = M_c;  Wv[a][N + a] = 1  (a, t < N),
// so S[i][j] = (A B)[i][j] on real tokens and S[i][anchor] = M_c >= max|AB|,
// and the head adds P[real][real] to the W-block. No head reads the W-block,
// so each P depends on its own (A, B) alone; the forward output holds only
// the sum of the P's. With F = sum_{i<N} X_L[i][N + i], one reverse pass gives
// dF/dWv^(l,h)[a][N + b] = P[b][a], and
//   (A B)[b][a] = ln P[b][a] - ln(1 - sum_a' P[b][a']) + M_c.
// This shows the mechanism of the Baur-Strassen argument (a fast evaluator
// plus reverse mode is a fast multiplier of L H products); it proves no bound.
#pragma once

#include <cstdint>
#include <vector>

#include "attention/transformer.hpp"
#include "attention/transformer_backward.hpp"

namespace sethkit {

struct MatrixProduct {
  Matrix a, b;  // N x N each
};

struct ProductsTransformer {
  TransformerModel model;
  Matrix x;         // (N + 1) x (2N + 3)
  Matrix upstream;  // D: dF/dX_L for F = sum_i X_L[i][N + i]
  std::size_t n = 0;
  std::vector<double> anchors;  // M_c per head, in head order k = l H + h
};

struct ProductsToTransformerParams {
  std::size_t layers = 1, heads = 1;  // L H = the number of products
  MlpMode mlp_mode = MlpMode::kResid;
  // The smallest attention weight is about e^(-2 M_c); refuse beyond this.
  double max_exponent = 600;
};

// Throws ContractError when the number of products is not L H, a matrix is
// not N x N (the same N everywhere, N >= 1), an entry is not finite, or
// 2 M_c exceeds max_exponent.
ProductsTransformer encode_products(const std::vector<MatrixProduct>& products,
                                    const ProductsToTransformerParams& params);

// The L H products read off one gradient (not rounded), in head order.
std::vector<Matrix> extract_products(const ProductsTransformer& target,
                                     const TransformerGradient& gradient);

}  // namespace sethkit
