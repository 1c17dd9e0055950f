#include "solvers/cadical_solver.hpp"

#include <fmt/format.h>
#include <cadical.hpp>

#include <chrono>
#include <cstdint>
#include <cstdlib>

#include "core/error.hpp"
#include "core/progress.hpp"
#include "core/verify.hpp"

namespace sethkit {

namespace {
// CaDiCaL asks this between search steps: it stops the search at the time
// limit (seconds <= 0: none) and keeps the progress line going meanwhile.
class DeadlineTerminator : public CaDiCaL::Terminator {
 public:
  explicit DeadlineTerminator(double seconds)
      : limited_(seconds > 0),
        deadline_(std::chrono::steady_clock::now() +
                  std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                      std::chrono::duration<double>(limited_ ? seconds : 0))),
        detail_(limited_ ? fmt::format("time limit {} s", seconds) : "no time limit"),
        progress_("CaDiCaL") {}
  bool terminate() override {
    // The clock is read only under a time limit: this runs between search steps.
    if (limited_ && !fired_) fired_ = std::chrono::steady_clock::now() >= deadline_;
    if ((++calls_ & 255) == 0) progress_.running(detail_);
    return fired_;
  }
  bool fired() const { return fired_; }

 private:
  bool limited_;
  std::chrono::steady_clock::time_point deadline_;
  std::string detail_;
  ProgressLine progress_;
  bool fired_ = false;
  std::uint64_t calls_ = 0;
};
}  // namespace

const char* cadical_version() {
  return CaDiCaL::Solver::version();
}

SatResult solve_cadical(const Cnf& cnf, const SatOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  SatResult result;
  result.solver = "cadical";
  result.solver_version = cadical_version();

  CaDiCaL::Solver solver;
  solver.set("quiet", 1);
  // Variables that occur in no clause still get a value in the model.
  if (cnf.num_vars() > 0) solver.reserve(cnf.num_vars());
  for (std::size_t c = 0; c < cnf.num_clauses(); ++c) {
    for (int lit : cnf.clause(c)) solver.add(lit);
    solver.add(0);
  }

  DeadlineTerminator terminator(options.time_limit_s);
  solver.connect_terminator(&terminator);
  const int code = solver.solve();
  solver.disconnect_terminator();

  if (code == 10) {
    result.status = SatStatus::kSat;
    result.model.assign(static_cast<std::size_t>(cnf.num_vars()), false);
    for (int v = 1; v <= cnf.num_vars(); ++v) result.model[v - 1] = solver.val(v) > 0;
    if (!satisfies(cnf, result.model))
      throw Error("CaDiCaL returned a model that does not satisfy the formula (solver defect)");
  } else if (code == 20) {
    result.status = SatStatus::kUnsat;
  } else {
    result.status = SatStatus::kUnknown;
    result.note = terminator.fired() ? fmt::format("time limit {} s reached", options.time_limit_s)
                                     : "solver stopped without an answer";
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace sethkit
