#include "attention/approximate_output.hpp"

#include <fmt/format.h>

#include "core/error.hpp"

namespace sethkit {

AttentionOutput approximate_output(const std::string& backend, const MatrixF& out,
                                   const Eigen::VectorXf& lse, std::string details) {
  for (Eigen::Index i = 0; i < out.rows(); ++i)
    if (!out.row(i).allFinite())
      throw ContractError(fmt::format(
          "{}: output row {} is not finite (the approximation broke down in float32 on this "
          "input: {})",
          backend, i, details));
  AttentionOutput result;
  result.out = out.cast<double>();
  if (lse.size() > 0) result.lse = lse.cast<double>();
  result.error_bound = kUnboundedError;
  result.details = std::move(details);
  return result;
}

}  // namespace sethkit
