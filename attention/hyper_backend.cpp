#include "attention/hyper_backend.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <vector>

#include "attention/approximate_output.hpp"
#include "attention/hyper_plan.hpp"
#include "attention/partial_softmax.hpp"
#include "core/error.hpp"

namespace sethkit {

namespace {
constexpr int kMaxProjections = 30;
constexpr Eigen::Index kTile = 256;  // query rows per task

// Non-causal HyperAttention of the piece's queries against its keys (rows
// of q, k, v from q0 and k0): one partial result per query; one block is
// exact attention.
PartialAttention hyper_noncausal(const MatrixF& q_all, const MatrixF& k_all, const MatrixF& v_all,
                                 const HyperPiece& piece, float scale) {
  const MatrixF q = q_all.middleRows(piece.q0, piece.n_q),
                k = k_all.middleRows(piece.k0, piece.n_k),
                v = v_all.middleRows(piece.k0, piece.n_k);
  PartialAttention result(piece.n_q, v.cols());
  if (piece.n_q == 0) return result;
  const std::vector<Eigen::Index>&q_order = piece.q_order, &k_order = piece.k_order;
  const auto& sampled = piece.sampled;
  const MatrixF k_s = gather_rows(k, sampled, 0, sampled.size());
  const MatrixF v_s = gather_rows(v, sampled, 0, sampled.size());
  const auto log_weight = static_cast<float>(std::log(piece.weight));

  // Tasks: (block, first sorted query row) in tiles of kTile rows.
  std::vector<std::pair<Eigen::Index, Eigen::Index>> tasks;
  for (Eigen::Index t = 0; t < piece.blocks; ++t)
    for (Eigen::Index a = piece.q_start(t); a < piece.q_start(t + 1); a += kTile)
      tasks.emplace_back(t, a);
#pragma omp parallel for schedule(dynamic)
  for (std::size_t task = 0; task < tasks.size(); ++task) {
    const auto [t, a] = tasks[task];
    const auto qa = static_cast<std::size_t>(a);
    const auto qb = static_cast<std::size_t>(std::min(a + kTile, piece.q_start(t + 1)));
    const auto ka = static_cast<std::size_t>(piece.k_start(t)),
               kb = static_cast<std::size_t>(piece.k_start(t + 1));
    const MatrixF q_blk = gather_rows(q, q_order, qa, qb);
    MatrixF logits = scale * (q_blk * gather_rows(k, k_order, ka, kb).transpose());
    PartialAttention part = softmax_rows(logits, gather_rows(v, k_order, ka, kb));
    if (!sampled.empty()) {
      MatrixF s_logits = scale * (q_blk * k_s.transpose());
      for (std::size_t c = 0; c < sampled.size(); ++c) {
        if (piece.sampled_block[c] == t)
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
  const auto scale = static_cast<float>(in.scale);
  // The paper's causal recursion, or one non-causal piece, in its order of merging.
  const HyperPlan plan = plan_hyper(q, k, params_, in.causal, in.scale < 0);
  PartialAttention result(q.rows(), v.cols());
  for (const HyperPiece& piece : plan.pieces) {
    if (piece.blocks == 0) {
      const Eigen::Index a = piece.q0, n = piece.n_q;
      merge_partial(
          result, a,
          exact_causal(q.middleRows(a, n), k.middleRows(a, n), v.middleRows(a, n), scale));
    } else {
      merge_partial(result, piece.q0, hyper_noncausal(q, k, v, piece, scale));
    }
  }
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
