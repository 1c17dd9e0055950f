#include "attention/scale_word.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>

#include "core/error.hpp"

namespace sethkit {

ResolvedScale resolve_scale(const std::string& word, Eigen::Index d, const std::string& what) {
  const double dd = static_cast<double>(std::max<Eigen::Index>(d, 1));
  if (word == "1/d") return {1.0 / dd, fmt::format("1/d = {:.6g}", 1.0 / dd)};
  if (word == "1/sqrt(d)")
    return {1.0 / std::sqrt(dd), fmt::format("1/sqrt(d) = {:.6g}", 1.0 / std::sqrt(dd))};
  char* end = nullptr;
  const double value = word.empty() ? NAN : std::strtod(word.c_str(), &end);
  if (word.empty() || end != word.c_str() + word.size() || !std::isfinite(value))
    throw ContractError(fmt::format(
        "{} '{}': expected 1/d, 1/sqrt(d) or a finite number such as 0.125", what, word));
  return {value, fmt::format("{:.6g} (given)", value)};
}

}  // namespace sethkit
