#include "attention/window_backend.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <limits>

#include "attention/approximate_output.hpp"
#include "attention/partial_softmax.hpp"
#include "attention/window_keys.hpp"
#include "core/error.hpp"

namespace sethkit {

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

Eigen::Index WindowBackend::sink_count(Eigen::Index n_k) const {
  return params_.sinks >= 0 ? params_.sinks : std::min<Eigen::Index>(kDefaultSinks, n_k);
}

AttentionOutput WindowBackend::compute(const AttentionInput& in) const {
  const auto start = std::chrono::steady_clock::now();
  const Eigen::Index n_q = in.q.rows(), n_k = in.k.rows();
  const long w = params_.window;
  const Eigen::Index sinks = sink_count(n_k);
  const WindowKeys keys(n_q, n_k, w, sinks, in.causal);
  constexpr Eigen::Index kBlock = WindowKeys::kBlock;
  const MatrixF q = in.q.cast<float>(), k = in.k.cast<float>(), v = in.v.cast<float>();
  const auto scale = static_cast<float>(in.scale);
  MatrixF out(n_q, v.cols());
  Eigen::VectorXf lse(n_q);
  const Eigen::Index blocks = (n_q + kBlock - 1) / kBlock;

#pragma omp parallel for schedule(dynamic)
  for (Eigen::Index b = 0; b < blocks; ++b) {
    const Eigen::Index r0 = b * kBlock, rows = std::min(kBlock, n_q - r0);
    // Windows move right with the position (attention/window_keys.hpp).
    const Eigen::Index lo = keys.window_of(keys.position(r0)).first;
    const Eigen::Index hi = keys.window_of(keys.position(r0 + rows - 1)).second;
    PartialAttention part(rows, v.cols());
    {  // every window holds its own position, so no row is empty
      MatrixF logits = scale * (q.middleRows(r0, rows) * k.middleRows(lo, hi - lo + 1).transpose());
      for (Eigen::Index t = 0; t < rows; ++t) {
        const auto [a, z] = keys.window_of(keys.position(r0 + t));
        for (Eigen::Index j = lo; j <= hi; ++j)
          if (j < a || j > z) logits(t, j - lo) = kMinusInf;
      }
      part = softmax_rows(logits, v.middleRows(lo, hi - lo + 1));
    }
    if (sinks > 0) {  // sink keys outside the window (and visible, when causal)
      MatrixF logits = scale * (q.middleRows(r0, rows) * k.topRows(sinks).transpose());
      for (Eigen::Index t = 0; t < rows; ++t) {
        const Eigen::Index p = keys.position(r0 + t);
        const auto [a, z] = keys.window_of(p);
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
