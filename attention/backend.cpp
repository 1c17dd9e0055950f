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
}

}  // namespace sethkit
