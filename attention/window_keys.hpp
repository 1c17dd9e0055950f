// Which keys each query of the `window` backend sees (attention/window_backend.hpp),
// shared by its forward and backward pass: query i sits at key position
// p = i + n_k - n_q (clamped to the keys); it sees its window (Longformer:
// |j - p| <= w/2, or p - w < j <= p causal) and the first s keys (StreamingLLM's
// sinks; causal, only those at most p).
#pragma once

#include <algorithm>
#include <utility>
#include <vector>

#include "core/matrix.hpp"

namespace sethkit {

class WindowKeys {
 public:
  static constexpr Eigen::Index kBlock = 64;  // query rows per block

  WindowKeys(Eigen::Index n_q, Eigen::Index n_k, long window, Eigen::Index sinks, bool causal)
      : n_q_(n_q), n_k_(n_k), w_(window), sinks_(sinks), causal_(causal) {}

  Eigen::Index position(Eigen::Index i) const {
    return std::clamp<Eigen::Index>(i + n_k_ - n_q_, 0, n_k_ - 1);
  }
  // The window [lo, hi] (inclusive) of the query at key position p.
  std::pair<Eigen::Index, Eigen::Index> window_of(Eigen::Index p) const {
    if (causal_) return {std::max<Eigen::Index>(0, p - w_ + 1), p};
    return {std::max<Eigen::Index>(0, p - w_ / 2), std::min<Eigen::Index>(n_k_ - 1, p + w_ / 2)};
  }
  bool visible(Eigen::Index i, Eigen::Index j) const {
    const Eigen::Index p = position(i);
    const auto [a, z] = window_of(p);
    return (j >= a && j <= z) || (j < sinks_ && !(causal_ && j > p));
  }
  // The keys some query of rows [r0, r0 + rows) sees, in order: the sinks
  // before the block's windows, then the union of its windows (windows move
  // right with the position).
  std::vector<Eigen::Index> block_keys(Eigen::Index r0, Eigen::Index rows) const {
    const Eigen::Index lo = window_of(position(r0)).first;
    const Eigen::Index hi = window_of(position(r0 + rows - 1)).second;
    std::vector<Eigen::Index> keys;
    for (Eigen::Index j = 0; j < std::min(sinks_, lo); ++j) keys.push_back(j);
    for (Eigen::Index j = lo; j <= hi; ++j) keys.push_back(j);
    return keys;
  }

 private:
  Eigen::Index n_q_, n_k_;
  long w_;
  Eigen::Index sinks_;
  bool causal_;
};

}  // namespace sethkit
