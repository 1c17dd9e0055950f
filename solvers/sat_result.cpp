#include "solvers/sat_result.hpp"

#include <nlohmann/json.hpp>

namespace sethkit {

const char* to_string(SatStatus status) {
  switch (status) {
    case SatStatus::kSat:
      return "sat";
    case SatStatus::kUnsat:
      return "unsat";
    case SatStatus::kUnknown:
      return "unknown";
  }
  return "unknown";
}

nlohmann::json to_json(const SatResult& t) {
  nlohmann::json truth = {{"solver", {{"name", t.solver}, {"version", t.solver_version}}},
                          {"status", to_string(t.status)},
                          {"proof_checked", false},
                          {"seconds", t.seconds}};
  if (t.status == SatStatus::kSat) truth["model"] = to_literals(t.model);
  if (!t.note.empty()) truth["note"] = t.note;
  return truth;
}

}  // namespace sethkit
