// The extension module sethkit._sethkit, which python/sethkit/__init__.py
// re-exports (docs/python.md).
#include <pybind11/stl.h>

#include <string>
#include <vector>

#include "core/eigen_threads.hpp"
#include "core/provenance.hpp"
#include "core/version.hpp"
#include "python/bindings.hpp"

namespace {
// The bundles' and written files' command line: the Python program, as
// `python3 ARGV...` (sys.argv; ['-c'] for a one-liner).
void record_command_line() {
  namespace py = pybind11;
  std::vector<std::string> args{"python3"};
  const py::module_ sys = py::module_::import("sys");
  if (py::hasattr(sys, "argv"))
    for (const auto& a : sys.attr("argv")) args.push_back(py::str(a));
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  sethkit::set_command_line(static_cast<int>(argv.size()), argv.data());
}
}  // namespace

PYBIND11_MODULE(_sethkit, m) {
  sethkit::disable_eigen_threads();
  m.doc() =
      "sethkit: CNF-SAT and Orthogonal Vectors as attention inputs (SETH constructions), "
      "attention oracles, decoders and independent checkers";
  m.attr("__version__") = sethkit::kToolVersion;
  m.attr("git_commit") = sethkit::kGitCommit;
  record_command_line();
  sethkit::python::bind_errors(m);
  sethkit::python::bind_instances(m);
  sethkit::python::bind_reductions(m);
  sethkit::python::bind_oracles(m);
  sethkit::python::bind_graph(m);
}
