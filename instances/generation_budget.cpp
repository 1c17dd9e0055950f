#include "instances/generation_budget.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/budget.hpp"
#include "core/error.hpp"
#include "core/limits.hpp"

namespace sethkit {

void require_generated_within_budget(const std::string& what, std::uint64_t bytes) {
  const std::uint64_t budget = process_budget().max_bytes;
  if (bytes > budget)
    throw InputError(what, fmt::format("the instance would take about {} in memory, above the "
                                       "memory budget of {} (--max-memory)",
                                       format_bytes(bytes), format_bytes(budget)));
}

void require_count_within(const std::string& option, std::uint64_t value, std::uint64_t limit,
                          const char* unit) {
  if (value > limit)
    throw InputError(option, fmt::format("{} is above the limit of {} {} {}", value, limit, unit,
                                         budget_reason(Limits{})));
}

std::uint64_t generated_bytes(const RandomCnfParams& p) {
  const auto k = static_cast<std::uint64_t>(p.k < 0 ? 0 : p.k);
  return saturating_mul(saturating_mul(p.clauses, k + 1), 16);
}

std::uint64_t generated_bytes(const RandomOvParams& p) {
  return saturating_mul(saturating_add(p.n_a, p.n_b), saturating_add(saturating_mul(p.d, 2), 3));
}

std::uint64_t generated_bytes(const PlantedGapParams& p) {
  return saturating_mul(saturating_mul(saturating_mul(2, p.n), saturating_mul(2, p.dim)), 2);
}

void require_family_within_budget(const std::string& what, const CnfFamilyParams& params) {
  const CnfFamilySize size = cnf_family_size(params);
  const auto count = [](double x) {
    return x >= 1.8e19 ? ~std::uint64_t{0} : static_cast<std::uint64_t>(std::max(0.0, x));
  };
  require_count_within(what, count(size.vars), Limits{}.max_vars, "variables");
  require_count_within(what, count(size.clauses), Limits{}.max_clauses, "clauses");
  require_generated_within_budget(
      what, saturating_mul(saturating_add(count(size.literals), count(size.clauses)), 16));
}

}  // namespace sethkit
