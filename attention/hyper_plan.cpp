#include "attention/hyper_plan.hpp"

#include <algorithm>
#include <map>
#include <numeric>

#include "core/rng.hpp"

namespace sethkit {

namespace {
// Row order by sortLSH bucket: the sign bits of x . h_l read as a Gray code,
// ranked by their position in the Gray sequence.
std::vector<Eigen::Index> lsh_order(const MatrixF& x, const MatrixF& planes /* d x r */) {
  const MatrixF p = x * planes;
  std::vector<std::uint32_t> rank(static_cast<std::size_t>(x.rows()));
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    std::uint32_t gray = 0;
    for (Eigen::Index l = 0; l < p.cols(); ++l) gray |= (p(i, l) > 0 ? 1u : 0u) << l;
    std::uint32_t binary = gray;  // position of `gray` in the Gray sequence
    for (std::uint32_t shift = gray >> 1; shift != 0; shift >>= 1) binary ^= shift;
    rank[static_cast<std::size_t>(i)] = binary;
  }
  std::vector<Eigen::Index> order(rank.size());
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  std::stable_sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) {
    return rank[static_cast<std::size_t>(a)] < rank[static_cast<std::size_t>(b)];
  });
  return order;
}

Eigen::Index block_count(Eigen::Index n_k, const HyperParams& p) {
  if (n_k <= p.exact_below) return 1;
  return (n_k + p.block - 1) / p.block;
}

struct Planner {
  const MatrixF& q;
  const MatrixF& k;
  const HyperParams& params;
  bool negate_hash;
  Rng rng;
  HyperPlan plan;

  void noncausal(Eigen::Index q0, Eigen::Index n_q, Eigen::Index k0, Eigen::Index n_k,
                 Eigen::Index blocks) {
    HyperPiece piece{q0, n_q, k0, n_k, blocks, {}, {}, {}, {}, {}, 1};
    if (n_q > 0) {
      MatrixF planes(q.cols(), params.projections);
      for (Eigen::Index i = 0; i < planes.rows(); ++i)
        for (Eigen::Index j = 0; j < planes.cols(); ++j)
          planes(i, j) = static_cast<float>(rng.normal());
      const MatrixF qs = q.middleRows(q0, n_q), ks = k.middleRows(k0, n_k);
      piece.q_order = lsh_order(negate_hash ? MatrixF(-qs) : qs, planes);
      piece.k_order = lsh_order(ks, planes);
      piece.q_position.resize(piece.q_order.size());
      for (std::size_t pos = 0; pos < piece.q_order.size(); ++pos)
        piece.q_position[static_cast<std::size_t>(piece.q_order[pos])] =
            static_cast<Eigen::Index>(pos);
      if (blocks > 1) {
        std::vector<Eigen::Index> block_of(static_cast<std::size_t>(n_k));
        for (Eigen::Index t = 0; t < blocks; ++t)
          for (Eigen::Index p = piece.k_start(t); p < piece.k_start(t + 1); ++p)
            block_of[static_cast<std::size_t>(p)] = t;
        const long samples =
            params.samples >= 0 ? params.samples : std::min<long>(kHyperDefaultSamples, n_k);
        for (long c = 0; c < samples; ++c) {
          const auto pos =
              static_cast<std::size_t>(rng.uniform_int(static_cast<std::uint64_t>(n_k)));
          piece.sampled.push_back(piece.k_order[pos]);
          piece.sampled_block.push_back(block_of[pos]);
        }
        if (samples > 0) piece.weight = static_cast<double>(n_k) / static_cast<double>(samples);
      }
    }
    plan.pieces.push_back(std::move(piece));
  }

  // The paper's causal recursion on rows [a, a + n).
  void causal(Eigen::Index a, Eigen::Index n) {
    if (n <= std::max(params.block, params.exact_below)) {
      plan.pieces.push_back({a, n, a, n, 0, {}, {}, {}, {}, {}, 1});
      return;
    }
    const Eigen::Index h = n / 2;
    causal(a, h);
    causal(a + h, n - h);
    noncausal(a + h, n - h, a, h, block_count(h, params));
  }
};
}  // namespace

HyperPlan plan_hyper(const MatrixF& q, const MatrixF& k, const HyperParams& params, bool causal,
                     bool negate_hash) {
  Planner planner{q, k, params, negate_hash, Rng(params.seed), {}};
  if (causal)
    planner.causal(0, q.rows());
  else
    planner.noncausal(0, q.rows(), 0, k.rows(), block_count(k.rows(), params));
  return std::move(planner.plan);
}

std::vector<std::pair<Eigen::Index, double>> HyperPlan::key_weights(Eigen::Index i) const {
  std::map<Eigen::Index, double> weights;
  for (const HyperPiece& p : pieces) {
    if (i < p.q0 || i >= p.q0 + p.n_q) continue;
    const Eigen::Index local = i - p.q0;
    if (p.blocks == 0) {  // causal leaf: keys q0 .. i
      for (Eigen::Index j = p.q0; j <= i; ++j) weights[j] += 1;
      continue;
    }
    const Eigen::Index pos = p.q_position[static_cast<std::size_t>(local)];
    Eigen::Index t = 0;
    while (p.q_start(t + 1) <= pos) ++t;
    for (Eigen::Index s = p.k_start(t); s < p.k_start(t + 1); ++s)
      weights[p.k0 + p.k_order[static_cast<std::size_t>(s)]] += 1;
    for (std::size_t c = 0; c < p.sampled.size(); ++c)
      if (p.sampled_block[c] != t) weights[p.k0 + p.sampled[c]] += p.weight;
  }
  return {weights.begin(), weights.end()};
}

}  // namespace sethkit
