#include "experiments/sweep_output.hpp"

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

}  // namespace sethkit
