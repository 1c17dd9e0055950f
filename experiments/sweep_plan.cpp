#include "experiments/sweep_plan.hpp"

#include <fmt/format.h>

#include "core/error.hpp"

namespace sethkit {

std::string SweepPlan::summary() const {
  return fmt::format("sweep {}: plan: {} cells; the largest ({}) keeps about {}; {} ({})", sweep,
                     cells, largest, format_bytes(estimated_bytes(bytes)),
                     seconds < 0.01 ? format_seconds(seconds) : "about " + format_seconds(seconds),
                     basis);
}

void require_sweep_within_budget(const SweepPlan& plan, const Budget& budget) {
  const std::string who = "sweep " + plan.sweep;
  if (estimated_bytes(plan.bytes) > budget.max_bytes)
    throw InputError(who, fmt::format("refused before starting: its largest cell ({}) needs "
                                      "about {}, above the memory budget of {} (--max-memory)",
                                      plan.largest, format_bytes(estimated_bytes(plan.bytes)),
                                      format_bytes(budget.max_bytes)));
  if (budget.max_seconds > 0 && plan.seconds > budget.max_seconds)
    throw InputError(who, fmt::format("refused before starting: its {} cells take about {}, "
                                      "above the time budget of {} (--max-seconds)",
                                      plan.cells, format_seconds(plan.seconds),
                                      format_seconds(budget.max_seconds)));
}

}  // namespace sethkit
