#include "attention/window_backend.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <limits>

#include "attention/approximate_output.hpp"
#include "attention/partial_softmax.hpp"
#include "core/error.hpp"

namespace sethkit {

namespace {
constexpr Eigen::Index kBlock = 64;

// The window [lo, hi] (inclusive) of the query at key position p.
std::pair<Eigen::Index, Eigen::Index> window_of(Eigen::Index p, Eigen::Index n_k, long w,
                                                bool causal) {
  if (causal) return {std::max<Eigen::Index>(0, p - w + 1), p};
  return {std::max<Eigen::Index>(0, p - w / 2), std::min<Eigen::Index>(n_k - 1, p + w / 2)};
}
}  // namespace

WindowBackend::WindowBackend(WindowParams params) : params_(params) {
  require(params_.window >= 1,
          fmt::format("window: the window w must be at least 1, found {}", params_.window));
  require(params_.sinks >= -1,
          fmt::format("window: the number of sinks must be at least 0, found {}", params_.sinks));
}

std::string WindowBackend::description() const {
  return fmt::format(
      "approximate: sliding window w = {} (Longformer) + {} sink keys (StreamingLLM), float32, "
      "no error guarantee",
      params_.window, params_.sinks >= 0 ? std::to_string(params_.sinks) : "min(4, n)");
}

Support WindowBackend::supports(const AttentionShape& shape) const {
  if (shape.n_k < 1) return {false, "needs at least one key"};
  if (params_.sinks > shape.n_k)
    return {false, fmt::format("{} sink keys asked for, but there are only {} keys", params_.sinks,
                               shape.n_k)};
  return {};
}

AttentionOutput WindowBackend::compute(const AttentionInput& in) const {
  const auto start = std::chrono::steady_clock::now();
  const Eigen::Index n_q = in.q.rows(), n_k = in.k.rows(), offset = n_k - n_q;
  const long w = params_.window;
  const Eigen::Index sinks =
      params_.sinks >= 0 ? params_.sinks : std::min<Eigen::Index>(kDefaultSinks, n_k);
  const MatrixF q = in.q.cast<float>(), k = in.k.cast<float>(), v = in.v.cast<float>();
  const auto scale = static_cast<float>(in.scale);
  MatrixF out(n_q, v.cols());
  Eigen::VectorXf lse(n_q);
  const Eigen::Index blocks = (n_q + kBlock - 1) / kBlock;

#pragma omp parallel for schedule(dynamic)
  for (Eigen::Index b = 0; b < blocks; ++b) {
    const Eigen::Index r0 = b * kBlock, rows = std::min(kBlock, n_q - r0);
    // Query i sits at key position i + n_k - n_q, clamped to the keys (more
    // queries than keys, non-causal); windows move right with the position.
    const auto position = [&](Eigen::Index i) {
      return std::clamp<Eigen::Index>(i + offset, 0, n_k - 1);
    };
    const Eigen::Index lo = window_of(position(r0), n_k, w, in.causal).first;
    const Eigen::Index hi = window_of(position(r0 + rows - 1), n_k, w, in.causal).second;
    PartialAttention part(rows, v.cols());
    {  // every window holds its own position, so no row is empty
      MatrixF logits = scale * (q.middleRows(r0, rows) * k.middleRows(lo, hi - lo + 1).transpose());
      for (Eigen::Index t = 0; t < rows; ++t) {
        const auto [a, z] = window_of(position(r0 + t), n_k, w, in.causal);
        for (Eigen::Index j = lo; j <= hi; ++j)
          if (j < a || j > z) logits(t, j - lo) = kMinusInf;
      }
      part = softmax_rows(logits, v.middleRows(lo, hi - lo + 1));
    }
    if (sinks > 0) {  // sink keys outside the window (and visible, when causal)
      MatrixF logits = scale * (q.middleRows(r0, rows) * k.topRows(sinks).transpose());
      for (Eigen::Index t = 0; t < rows; ++t) {
        const Eigen::Index p = position(r0 + t);
        const auto [a, z] = window_of(p, n_k, w, in.causal);
        for (Eigen::Index j = 0; j < sinks; ++j)
          if ((j >= a && j <= z) || (in.causal && j > p)) logits(t, j) = kMinusInf;
      }
      merge_partial(part, 0, softmax_rows(logits, v.topRows(sinks)));
    }
    out.middleRows(r0, rows) = part.out;
    lse.segment(r0, rows) = part.lse;
  }
  AttentionOutput result =
      approximate_output(name(), out, lse, fmt::format("window w = {}, {} sinks", w, sinks));
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace sethkit
