// A sweep's cost, decided before any work (docs/cli.md, "Budgets and
// progress"): how many cells the grid holds, the memory its largest cell
// keeps, and an estimated time. The estimate counts each sweep's dominant
// work (exact attention with `flash` on every cell, at the measured rate of
// attention/cost_model.hpp, plus what each sweep names in `basis`); the
// figures beside the measured times are in docs/performance.md.
#pragma once

#include <cstddef>
#include <string>

#include "core/budget.hpp"

namespace sethkit {

struct SweepPlan {
  std::string sweep;  // "transition"
  std::size_t cells = 0;
  double bytes = 0;     // the largest cell's inputs and working memory
  std::string largest;  // that cell ("n = 2^16, d = 128")
  double seconds = 0;   // the estimate for the whole grid
  std::string basis;    // what the estimate counts
  // "sweep transition: plan: 63 cells; the largest (n = 2^16, d = 128) keeps
  // about 21 MiB; about 2.1 min (flash on every cell, ...)"
  std::string summary() const;
};

// InputError naming the sweep when the largest cell's memory exceeds the
// budget or the estimated time exceeds --max-seconds.
void require_sweep_within_budget(const SweepPlan& plan, const Budget& budget);

}  // namespace sethkit
