#include "attention/hyper_backend.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

#include "attention/approximate_output.hpp"
#include "attention/partial_softmax.hpp"
#include "core/error.hpp"
#include "core/rng.hpp"

namespace sethkit {

namespace {
constexpr int kMaxProjections = 30;
constexpr Eigen::Index kTile = 256;  // query rows per task

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

struct Context {
  const HyperParams& params;
  float scale;
  bool negate_hash;
  Rng& rng;
};

// Non-causal HyperAttention of q against (k, v): one partial result per
// query; one block (blocks = 1) is exact attention.
PartialAttention hyper_noncausal(const MatrixF& q, const MatrixF& k, const MatrixF& v,
                                 Eigen::Index blocks, Context& ctx) {
  const Eigen::Index n_q = q.rows(), n_k = k.rows(), d = q.cols();
  PartialAttention result(n_q, v.cols());
  if (n_q == 0) return result;
  MatrixF planes(d, ctx.params.projections);
  for (Eigen::Index i = 0; i < planes.rows(); ++i)
    for (Eigen::Index j = 0; j < planes.cols(); ++j)
      planes(i, j) = static_cast<float>(ctx.rng.normal());
  const std::vector<Eigen::Index> q_order = lsh_order(ctx.negate_hash ? MatrixF(-q) : q, planes);
  const std::vector<Eigen::Index> k_order = lsh_order(k, planes);
  const auto q_start = [&](Eigen::Index t) { return t * n_q / blocks; };
  const auto k_start = [&](Eigen::Index t) { return t * n_k / blocks; };

  // Sampled key columns and the block of their sorted position; none with one block.
  std::vector<Eigen::Index> sampled, sampled_block;
  if (blocks > 1) {
    std::vector<Eigen::Index> block_of(static_cast<std::size_t>(n_k));
    for (Eigen::Index t = 0; t < blocks; ++t)
      for (Eigen::Index p = k_start(t); p < k_start(t + 1); ++p)
        block_of[static_cast<std::size_t>(p)] = t;
    const long samples = ctx.params.samples >= 0
                             ? ctx.params.samples
                             : std::min<long>(HyperBackend::kDefaultSamples, n_k);
    for (long c = 0; c < samples; ++c) {
      const auto pos =
          static_cast<std::size_t>(ctx.rng.uniform_int(static_cast<std::uint64_t>(n_k)));
      sampled.push_back(k_order[pos]);
      sampled_block.push_back(block_of[pos]);
    }
  }
  const MatrixF k_s = gather_rows(k, sampled, 0, sampled.size());
  const MatrixF v_s = gather_rows(v, sampled, 0, sampled.size());
  const float log_weight =
      sampled.empty() ? 0.f
                      : std::log(static_cast<float>(n_k) / static_cast<float>(sampled.size()));

  // Tasks: (block, first sorted query row) in tiles of kTile rows.
  std::vector<std::pair<Eigen::Index, Eigen::Index>> tasks;
  for (Eigen::Index t = 0; t < blocks; ++t)
    for (Eigen::Index a = q_start(t); a < q_start(t + 1); a += kTile) tasks.emplace_back(t, a);
#pragma omp parallel for schedule(dynamic)
  for (std::size_t task = 0; task < tasks.size(); ++task) {
    const auto [t, a] = tasks[task];
    const auto qa = static_cast<std::size_t>(a);
    const auto qb = static_cast<std::size_t>(std::min(a + kTile, q_start(t + 1)));
    const auto ka = static_cast<std::size_t>(k_start(t)),
               kb = static_cast<std::size_t>(k_start(t + 1));
    const MatrixF q_blk = gather_rows(q, q_order, qa, qb);
    MatrixF logits = ctx.scale * (q_blk * gather_rows(k, k_order, ka, kb).transpose());
    PartialAttention part = softmax_rows(logits, gather_rows(v, k_order, ka, kb));
    if (!sampled.empty()) {
      MatrixF s_logits = ctx.scale * (q_blk * k_s.transpose());
      for (std::size_t c = 0; c < sampled.size(); ++c) {
        if (sampled_block[c] == t)
          s_logits.col(static_cast<Eigen::Index>(c)).setConstant(kMinusInf);
        else
          s_logits.col(static_cast<Eigen::Index>(c)).array() += log_weight;
      }
      merge_partial(part, 0, softmax_rows(s_logits, v_s));
    }
    for (std::size_t r = qa; r < qb; ++r)  // each query in one task: no race
      merge_row(result, q_order[r], part, static_cast<Eigen::Index>(r - qa));
  }
  return result;
}

Eigen::Index block_count(Eigen::Index n_k, const HyperParams& p) {
  if (n_k <= p.exact_below) return 1;
  return (n_k + p.block - 1) / p.block;
}

// Exact causal attention of q against (k, v) (as many rows), in row tiles.
PartialAttention exact_causal(const MatrixF& q, const MatrixF& k, const MatrixF& v, float scale) {
  PartialAttention out(q.rows(), v.cols());
#pragma omp parallel for schedule(dynamic)
  for (Eigen::Index r0 = 0; r0 < q.rows(); r0 += kTile) {
    const Eigen::Index rows = std::min(kTile, q.rows() - r0), keys = r0 + rows;
    MatrixF logits = scale * (q.middleRows(r0, rows) * k.topRows(keys).transpose());
    for (Eigen::Index i = 0; i < rows; ++i)
      logits.row(i).tail(keys - (r0 + i) - 1).setConstant(kMinusInf);
    merge_partial(out, r0, softmax_rows(logits, v.topRows(keys)));
  }
  return out;
}

// The paper's causal recursion on rows [a, a + n).
void hyper_causal(const MatrixF& q, const MatrixF& k, const MatrixF& v, Eigen::Index a,
                  Eigen::Index n, Context& ctx, PartialAttention& out) {
  if (n <= std::max(ctx.params.block, ctx.params.exact_below)) {
    merge_partial(
        out, a,
        exact_causal(q.middleRows(a, n), k.middleRows(a, n), v.middleRows(a, n), ctx.scale));
    return;
  }
  const Eigen::Index h = n / 2;
  hyper_causal(q, k, v, a, h, ctx, out);
  hyper_causal(q, k, v, a + h, n - h, ctx, out);
  merge_partial(out, a + h,
                hyper_noncausal(q.middleRows(a + h, n - h), k.middleRows(a, h), v.middleRows(a, h),
                                block_count(h, ctx.params), ctx));
}
}  // namespace

HyperBackend::HyperBackend(HyperParams params) : params_(params) {
  require(params_.block >= 1,
          fmt::format("hyper: the block size must be at least 1, found {}", params_.block));
  require(params_.samples >= -1,
          fmt::format("hyper: the sample size must be at least 0, found {}", params_.samples));
  require(params_.projections >= 1 && params_.projections <= kMaxProjections,
          fmt::format("hyper: the number of LSH hyperplanes must be between 1 and {}, found {}",
                      kMaxProjections, params_.projections));
  require(params_.exact_below >= 0,
          fmt::format("hyper: exact_below must be at least 0, found {}", params_.exact_below));
}

std::string HyperBackend::description() const {
  return fmt::format(
      "approximate: HyperAttention, sortLSH ({} hyperplanes), blocks of {}, {} sampled columns, "
      "seed {}, float32, no entrywise guarantee",
      params_.projections, params_.block,
      params_.samples >= 0 ? std::to_string(params_.samples) : "min(256, n)", params_.seed);
}

Support HyperBackend::supports(const AttentionShape& shape) const {
  if (shape.n_k < 1) return {false, "needs at least one key"};
  if (params_.samples > shape.n_k)
    return {false, fmt::format("{} sampled columns asked for, but there are only {} keys",
                               params_.samples, shape.n_k)};
  return {};
}

Support HyperBackend::supports_input(const AttentionInput& in) const {
  if (in.causal && in.q.rows() != in.k.rows())
    return {false,
            fmt::format("the causal recursion needs as many queries as keys, found {} and {}",
                        in.q.rows(), in.k.rows())};
  return supports(in.shape());
}

AttentionOutput HyperBackend::compute(const AttentionInput& in) const {
  const auto start = std::chrono::steady_clock::now();
  const MatrixF q = in.q.cast<float>(), k = in.k.cast<float>(), v = in.v.cast<float>();
  Rng rng(params_.seed);
  Context ctx{params_, static_cast<float>(in.scale), in.scale < 0, rng};
  PartialAttention result(q.rows(), v.cols());
  if (in.causal)
    hyper_causal(q, k, v, 0, q.rows(), ctx, result);
  else
    result = hyper_noncausal(q, k, v, block_count(k.rows(), params_), ctx);
  AttentionOutput out = approximate_output(
      name(), result.out, result.lse,
      fmt::format(
          "HyperAttention: {} hyperplanes, block {}, {} samples, exact at or below {} "
          "keys, seed {}",
          params_.projections, params_.block,
          params_.samples >= 0 ? params_.samples : std::min<long>(kDefaultSamples, in.k.rows()),
          params_.exact_below, params_.seed));
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace sethkit
