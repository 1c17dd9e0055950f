#include "solvers/sat_result.hpp"

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

}  // namespace sethkit
