// The one writer of every sweep's results: DIR/STEM.csv (one line per cell,
// for the plot scripts) and DIR/STEM.json (the parameters, the tool and the
// same cells as records), written together, all or none, into a directory
// created when missing.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>

namespace sethkit {

void write_sweep_output(const std::string& dir, const std::string& stem, const std::string& csv,
                        const nlohmann::json& document);

// A number for the JSON record, or null when it is not finite (a fit with too few points).
nlohmann::json finite_or_null(double value);

// A value that may be absent ("not run", "none found"; the cells keep -1
// for it): an empty CSV field and a JSON null when absent, never -1.
// `digits`: significant digits of the CSV text (0: the integer as it is).
std::string csv_or_empty(double value, bool present, int digits = 6);
nlohmann::json json_or_null(double value, bool present);

}  // namespace sethkit
