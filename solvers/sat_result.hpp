// Results of SAT solvers: values, never exceptions (docs/architecture.md).
// A time limit gives UNKNOWN; a SAT model is re-checked against the formula by
// the independent checker before it is returned.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <string>

#include "core/cnf.hpp"

namespace sethkit {

enum class SatStatus { kSat, kUnsat, kUnknown };

const char* to_string(SatStatus status);  // "sat", "unsat", "unknown"

struct SatResult {
  SatStatus status = SatStatus::kUnknown;
  Assignment model;    // set when status == kSat: value of variable v at v - 1
  std::string solver;  // "cadical", "brute-force"
  std::string solver_version;
  double seconds = 0;
  std::string note;  // why UNKNOWN, for example "time limit 5 s reached"
};

struct SatOptions {
  double time_limit_s = 0;  // 0: no limit
};

// A solver's answer as the run bundle records it: solver name and version,
// status, model (SAT), time, note.
nlohmann::json to_json(const SatResult& truth);

}  // namespace sethkit
