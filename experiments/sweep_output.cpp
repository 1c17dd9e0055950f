#include "experiments/sweep_output.hpp"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "core/file_io.hpp"

namespace sethkit {

void write_sweep_output(const std::string& dir, const std::string& stem, const std::string& csv,
                        const nlohmann::json& document) {
  write_files_atomic(dir, {{stem + ".csv", csv}, {stem + ".json", document.dump(2) + "\n"}});
}

nlohmann::json finite_or_null(double value) {
  return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
}

std::string csv_or_empty(double value, bool present, int digits) {
  if (!present) return "";
  return digits == 0 ? fmt::format("{}", static_cast<long long>(value))
                     : fmt::format("{:.{}g}", value, digits);
}

nlohmann::json json_or_null(double value, bool present) {
  return present ? nlohmann::json(value) : nlohmann::json(nullptr);
}

}  // namespace sethkit
