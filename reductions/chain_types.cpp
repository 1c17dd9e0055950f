#include "reductions/chain_types.hpp"

#include <fmt/format.h>

namespace sethkit {

const char* problem_name(const ProblemValue& value) {
  static const char* const names[] = {"cnf-sat", "ov", "3-ov", "gap-hamming"};
  return names[value.index()];
}

std::string describe(const Witness& w) {
  std::string out;
  static const char sides[] = {'a', 'b', 'c'};
  for (std::size_t s = 0; s < w.indices.size(); ++s)
    out += fmt::format("{}{}[{}]", s ? " " : "", s < 3 ? sides[s] : '?', w.indices[s]);
  if (w.assignment) {
    out += out.empty() ? "assignment" : " -> assignment";
    for (int lit : to_literals(*w.assignment)) out += fmt::format(" {}", lit);
  }
  return out;
}

const char* to_string(Agreement a) {
  switch (a) {
    case Agreement::kAgree:
      return "agree";
    case Agreement::kDisagree:
      return "disagree";
    case Agreement::kAmbiguous:
      return "ambiguous";
    case Agreement::kUnknown:
      return "unknown";
  }
  return "unknown";
}

}  // namespace sethkit
