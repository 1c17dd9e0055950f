// A small random reference transformer for the tests: width 6, 2 layers of
// 2 heads, head width 4, with the requested aggregation, MLP mode, attention
// and an optional MLP.
#pragma once

#include "attention/transformer.hpp"
#include "core/matrix.hpp"
#include "core/rng.hpp"

namespace sethkit::test {

inline TransformerModel random_model(Rng& rng, Aggregation agg, MlpMode mode, AttentionKind kind,
                                     bool with_mlp) {
  TransformerModel m;
  m.width = 6;
  m.aggregation = agg;
  m.mlp_mode = mode;
  m.attention = kind;
  m.scale = 0.5;
  const Eigen::Index h_count = 2, d_v = agg == Aggregation::kSum ? 6 : 3;
  for (int l = 0; l < 2; ++l) {
    TransformerLayer layer;
    for (Eigen::Index h = 0; h < h_count; ++h)
      layer.heads.push_back({uniform_matrix(rng, 6, 4, 1.0), uniform_matrix(rng, 6, 4, 1.0),
                             uniform_matrix(rng, 6, d_v, 0.5)});
    if (agg == Aggregation::kConcat) layer.wo = uniform_matrix(rng, 6, 6, 0.5);
    if (with_mlp)
      layer.mlp = Mlp{uniform_matrix(rng, 6, 5, 0.5), uniform_matrix(rng, 5, 1, 0.2).col(0),
                      uniform_matrix(rng, 5, 6, 0.5), uniform_matrix(rng, 6, 1, 0.2).col(0)};
    m.layers.push_back(layer);
  }
  return m;
}

}  // namespace sethkit::test
