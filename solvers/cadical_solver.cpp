#include "solvers/cadical_solver.hpp"

#include <fmt/format.h>
#include <cadical.hpp>

#include <chrono>
#include <cstdlib>

#include "core/error.hpp"
#include "core/verify.hpp"

namespace sethkit {

namespace {
class DeadlineTerminator : public CaDiCaL::Terminator {
 public:
  explicit DeadlineTerminator(double seconds)
      : deadline_(std::chrono::steady_clock::now() +
                  std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                      std::chrono::duration<double>(seconds))) {}
  bool terminate() override {
    fired_ = fired_ || std::chrono::steady_clock::now() >= deadline_;
    return fired_;
  }
  bool fired() const { return fired_; }

 private:
  std::chrono::steady_clock::time_point deadline_;
  bool fired_ = false;
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

  DeadlineTerminator terminator(options.time_limit_s > 0 ? options.time_limit_s : 1e12);
  if (options.time_limit_s > 0) solver.connect_terminator(&terminator);
  const int code = solver.solve();
  if (options.time_limit_s > 0) solver.disconnect_terminator();

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
