// The reduction graph and the Karp-style check in Python (docs/python.md):
// list() and path(from, to) as the command line's `list` and `path` read them
// (chain/reduction_graph.hpp), as dicts; check(...) runs the checkers of
// check/reduction_check.hpp and returns the check bundle, with a registered
// backend or a Python callable as the oracle of every chain checked.
#include <fmt/format.h>
#include <pybind11/stl.h>

#include <memory>
#include <optional>

#include "chain/graph_listing.hpp"
#include "check/reduction_check.hpp"
#include "core/error.hpp"
#include "python/bindings.hpp"
#include "python/oracle_options.hpp"

namespace sethkit::python {

void bind_graph(py::module_& m) {
  m.def(
      "list",
      [] {
        const nlohmann::json out = graph_listing_json();
        return to_python(out);
      },
      "Problems, reductions, verify chains and backends, as `sethkit list` prints them");

  m.def(
      "path",
      [](const std::string& from, const std::string& to) {
        const nlohmann::json out = paths_json(from, to);
        return to_python(out);
      },
      py::arg("source"), py::arg("target"),
      "Every chain of reductions from one problem to another, shortest first, with the size "
      "formulas composed along it ([] when there is none)");

  m.def(
      "check",
      [](const std::string& reduction, std::size_t trials, std::uint64_t seed, std::size_t max_size,
         double time_limit, const std::string& backend, const py::object& oracle,
         const std::string& regressions_dir, const py::kwargs& params) {
        const std::vector<ReductionChecker> checkers = select_checkers(reduction);
        CheckParams p;
        p.trials = trials;
        p.seed = seed;
        p.max_size = max_size;
        p.time_limit_s = time_limit;
        p.regressions_dir = regressions_dir;
        p.command =
            fmt::format("python: sethkit.check('{}', trials={}, seed={})", reduction, trials, seed);
        OracleChoice choice = oracle_choice(backend, oracle, params, "naive");
        p.backend = choice.backend;
        p.backend_options = choice.options;
        std::vector<CheckResult> results;
        try {
          py::gil_scoped_release release;
          for (const auto& c : checkers) results.push_back(run_check(c, p));
        } catch (const Error&) {
          choice.raise_python_error();
          throw;
        }
        return to_python(check_bundle(p, results));
      },
      py::arg("reduction") = "all", py::arg("trials") = 1000, py::arg("seed") = 1,
      py::arg("max_size") = 8, py::arg("time_limit") = 60.0, py::arg("backend") = "naive",
      py::arg("oracle") = py::none(), py::arg("regressions_dir") = "sethkit-regressions",
      "Checks reductions on planted YES and NO, random and exhaustive tiny instances, the oracle "
      "perturbed within tolerance; returns the check bundle (failures: 0 when all agree)");
}

}  // namespace sethkit::python
