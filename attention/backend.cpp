#include "attention/backend.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/error.hpp"

namespace sethkit {

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
  require(!in.causal || in.q.rows() <= in.k.rows(),
          fmt::format("attention: a causal input needs at most as many queries as keys, found {} "
                      "queries and {} keys",
                      in.q.rows(), in.k.rows()));
}

AttentionOutput AttentionBackend::run(const AttentionInput& in) const {
  validate_attention_input(in);
  if (in.rope) {
    const Matrix q = rope_rotate(in.q, *in.rope, in.k.rows() - in.q.rows());
    const Matrix k = rope_rotate(in.k, *in.rope, 0);
    AttentionInput rotated{q, k, in.v, in.scale, in.causal, std::nullopt};
    AttentionOutput out = run(rotated);
    out.details =
        fmt::format("RoPE (base {:g}, {} pairs) by pre-rotation{}{}", in.rope->base,
                    to_string(in.rope->layout), out.details.empty() ? "" : "; ", out.details);
    return out;
  }
  const Support s = supports_input(in);
  if (!s.ok) throw ContractError(fmt::format("{}: {}", name(), s.reason));
  return compute(in);
}

}  // namespace sethkit
