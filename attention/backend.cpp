#include "attention/backend.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/error.hpp"

namespace sethkit {

// Top-left causal attention (query i sees keys j <= i, PyTorch SDPA's
// is_causal=True) computed by a backend that knows only the bottom-right
// mask (query i sees keys j <= i + n_k - n_q; FlashAttention 2.1). The two
// masks differ only when n_q != n_k (docs/backends.md, "Causal mask"):
// - n_q < n_k: keys j >= n_q are seen by no query, so top-left attention is
//   bottom-right attention of Q against the first n_q keys;
// - n_q > n_k: queries i < n_k see keys j <= i, bottom-right attention of
//   the first n_k queries against all keys; queries i >= n_k see every key,
//   plain attention of the remaining queries.
// Exact: each output row is computed once, by the same backend.
namespace {
// Rows of the pieces, stacked in order.
AttentionOutput join(std::vector<AttentionOutput> pieces) {
  AttentionOutput joined;
  Eigen::Index rows = 0;
  bool every_lse = true;
  for (const auto& p : pieces) {
    rows += p.out.rows();
    every_lse = every_lse && p.lse.size() == p.out.rows();
  }
  joined.out.resize(rows, pieces.front().out.cols());
  if (every_lse) joined.lse.resize(rows);
  Eigen::Index at = 0;
  for (const auto& p : pieces) {
    joined.out.middleRows(at, p.out.rows()) = p.out;
    if (every_lse) joined.lse.segment(at, p.out.rows()) = p.lse;
    at += p.out.rows();
    joined.error_bound = std::max(joined.error_bound, p.error_bound);
    joined.seconds += p.seconds;
  }
  const bool every_radius =
      std::all_of(pieces.begin(), pieces.end(), [](const auto& p) { return p.max_abs_logit >= 0; });
  if (every_radius)
    for (const auto& p : pieces)
      joined.max_abs_logit = std::max(joined.max_abs_logit, p.max_abs_logit);
  return joined;
}

AttentionOutput run_top_left_as_bottom_right(const AttentionBackend& backend,
                                             const AttentionInput& in) {
  const Eigen::Index n_q = in.q.rows(), n_k = in.k.rows();
  if (n_q <= n_k) {
    const Matrix k = in.k.topRows(n_q), v = in.v.topRows(n_q);
    AttentionOutput out = backend.run({in.q, k, v, in.scale, true});
    out.details = fmt::format("top-left causal: the first {} of {} keys, bottom-right{}{}", n_q,
                              n_k, out.details.empty() ? "" : "; ", out.details);
    return out;
  }
  const Matrix head = in.q.topRows(n_k), tail = in.q.bottomRows(n_q - n_k);
  std::vector<AttentionOutput> pieces;
  pieces.push_back(backend.run({head, in.k, in.v, in.scale, true}));
  pieces.push_back(backend.run({tail, in.k, in.v, in.scale, false}));
  const std::string details = pieces.front().details;
  AttentionOutput out = join(std::move(pieces));
  out.details = fmt::format(
      "top-left causal: queries 0..{} bottom-right against all keys, queries {}..{} unmasked{}{}",
      n_k - 1, n_k, n_q - 1, details.empty() ? "" : "; ", details);
  return out;
}
}  // namespace

const char* to_string(CausalAlignment alignment) {
  return alignment == CausalAlignment::kTopLeft ? "top-left" : "bottom-right";
}

std::optional<CausalAlignment> causal_alignment_from_word(const std::string& word) {
  if (word == "bottom-right") return CausalAlignment::kBottomRight;
  if (word == "top-left") return CausalAlignment::kTopLeft;
  return std::nullopt;
}

void validate_attention_input(const AttentionInput& in) {
  require(in.q.cols() == in.k.cols(),
          fmt::format(
              "attention: Q is {} x {} and K is {} x {}; they need the same number of columns d",
              in.q.rows(), in.q.cols(), in.k.rows(), in.k.cols()));
  require(in.k.rows() == in.v.rows(),
          fmt::format("attention: K has {} rows and V has {}; they need one row per key",
                      in.k.rows(), in.v.rows()));
  require(in.k.rows() >= 1, "attention: need at least one key");
  require(std::isfinite(in.scale), "attention: the scale must be a finite number");
  require(!in.causal || in.top_left() || in.q.rows() <= in.k.rows(),
          fmt::format("attention: a bottom-right causal input needs at most as many queries as "
                      "keys, found {} queries and {} keys (top-left alignment takes any)",
                      in.q.rows(), in.k.rows()));
}

AttentionOutput AttentionBackend::run(const AttentionInput& in) const {
  validate_attention_input(in);
  if (in.rope) {
    const Matrix q = rope_rotate(in.q, *in.rope, in.query_position_start());
    const Matrix k = rope_rotate(in.k, *in.rope, 0);
    AttentionInput rotated{q, k, in.v, in.scale, in.causal, std::nullopt, in.alignment};
    AttentionOutput out = run(rotated);
    out.details =
        fmt::format("RoPE (base {:g}, {} pairs) by pre-rotation{}{}", in.rope->base,
                    to_string(in.rope->layout), out.details.empty() ? "" : "; ", out.details);
    return out;
  }
  if (in.top_left() && in.q.rows() != in.k.rows()) return run_top_left_as_bottom_right(*this, in);
  const Support s = supports_input(in);
  if (!s.ok) throw ContractError(fmt::format("{}: {}", name(), s.reason));
  return compute(in);
}

}  // namespace sethkit
