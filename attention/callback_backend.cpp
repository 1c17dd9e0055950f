#include "attention/callback_backend.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <utility>

#include "core/error.hpp"

namespace sethkit {

CallbackBackend::CallbackBackend(CallbackParams params) : params_(std::move(params)) {}

std::string CallbackBackend::description() const {
  return "a kernel given as a function in the same process (the Python module's oracle=); "
         "error unknown";
}

Support CallbackBackend::supports(const AttentionShape& shape) const {
  if (!params_.function)
    return {false,
            "no function given: the callback backend serves programs that embed sethkit "
            "(sethkit.verify(..., oracle=f) in Python); from the command line use --backend "
            "external"};
  if (shape.n_k < 1) return {false, "needs at least one key"};
  return {};
}

AttentionOutput CallbackBackend::compute(const AttentionInput& in) const {
  const auto start = std::chrono::steady_clock::now();
  AttentionOutput result;
  result.out = params_.function(in.q, in.k, in.v, in.scale, in.causal);
  const Matrix& out = result.out;
  require(out.rows() == in.q.rows() && out.cols() == in.v.cols(),
          fmt::format("oracle '{}' returned a {} x {} array; expected {} x {} (n_q x d_v)",
                      params_.label, out.rows(), out.cols(), in.q.rows(), in.v.cols()));
  for (Eigen::Index i = 0; i < out.rows(); ++i)
    for (Eigen::Index j = 0; j < out.cols(); ++j)
      require(std::isfinite(out(i, j)),
              fmt::format("oracle '{}' returned {} at row {}, column {}; every entry must be "
                          "finite",
                          params_.label, out(i, j), i, j));
  result.error_bound = INFINITY;
  result.details = fmt::format("callback '{}'", params_.label);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace sethkit
