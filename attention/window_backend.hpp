// The `window` backend: local attention with sink keys. The sliding window is
// Longformer's (Beltagy, Peters & Cohan, "Longformer: The Long-Document
// Transformer", 2020): a query at position p sees the keys j with
// |j - p| <= w/2; causal, it sees the w keys p - w < j <= p. The sinks are
// StreamingLLM's (Xiao et al., "Efficient Streaming Language Models with
// Attention Sinks", ICLR 2024): the first s keys are always visible.
// Positions align bottom-right (query i sits at key position i + n_k - n_q).
// Softmax is exact over the visible keys, float32, query blocks in parallel.
// Defaults: w = 512 (Longformer's window), s = 4 (StreamingLLM's sinks; at
// most n_k).
// Cost O(n_q (w + s) (d + d_v)); memory O(block (w + block) + n d).
// Exact when the window covers every key (w >= 2(n_k - 1), or w >= n_k
// causal); otherwise no entrywise guarantee: the error is 'unbounded'.
#pragma once

#include "attention/backend.hpp"

namespace sethkit {

struct WindowParams {
  long window = 512;  // w
  long sinks = -1;    // s, at most n_k; -1 = min(4, n_k)
};

class WindowBackend : public AttentionBackend {
 public:
  static constexpr long kDefaultSinks = 4;
  explicit WindowBackend(WindowParams params = {});
  std::string name() const override { return "window"; }
  std::string description() const override;
  Support supports(const AttentionShape& shape) const override;
  bool has_backward() const override { return true; }

 private:
  WindowParams params_;
  Eigen::Index sink_count(Eigen::Index n_k) const;  // s, or min(4, n_k) by default

 protected:
  AttentionOutput compute(const AttentionInput& input) const override;
  // attention/window_backward.cpp: the exact gradient of this backend's own
  // output (float64); error_bound +inf against full attention, as the forward's.
  AttentionGradients compute_backward(const AttentionInput& input, const Matrix& out,
                                      const Vector& lse, const Matrix& d_out) const override;
};

}  // namespace sethkit
