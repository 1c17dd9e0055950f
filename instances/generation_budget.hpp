// What generating an instance costs, checked before anything is drawn: each
// generator's memory (the instance and its text) against the process's memory
// budget (core/budget.hpp), and each count against the limit the budget sets
// (core/limits.hpp). `sethkit gen` and the Python module's generators both ask
// here, so a request too large for the budget is refused the same way.
#pragma once

#include <cstdint>
#include <string>

#include "instances/cnf_families.hpp"
#include "instances/planted_gap_hamming.hpp"
#include "instances/random_cnf.hpp"
#include "instances/random_ov.hpp"

namespace sethkit {

// InputError naming `what` when `bytes` is above the memory budget.
void require_generated_within_budget(const std::string& what, std::uint64_t bytes);

// InputError naming `option` when `value` is above `limit` (the budget's).
void require_count_within(const std::string& option, std::uint64_t value, std::uint64_t limit,
                          const char* unit);

// Bytes in memory and as text: four a literal in memory and up to twelve in
// DIMACS; one a coordinate in memory and one in the text (plus a line's three);
// two sides of n points of 2 dim coordinates (balanced), in memory and as text.
std::uint64_t generated_bytes(const RandomCnfParams& params);
std::uint64_t generated_bytes(const RandomOvParams& params);
std::uint64_t generated_bytes(const PlantedGapParams& params);

// A CNF family's variables and clauses (cnf_family_size) against the limits,
// and its memory against the budget, naming `what`; before anything is built.
void require_family_within_budget(const std::string& what, const CnfFamilyParams& params);

}  // namespace sethkit
