// Keyword arguments as backend options, and a Python callable as the oracle
// (python/oracle_options.hpp).
#include "python/oracle_options.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <pybind11/eigen.h>
#include <pybind11/numpy.h>

#include <vector>

#include "core/error.hpp"
#include "python/bindings.hpp"

namespace sethkit::python {

namespace {
// A Python callable as the callback backend's function. A Python exception it
// raises is kept in `raised` (and the chain stopped with a ContractError), so
// verify can raise the original exception, traceback and all.
CallbackParams python_oracle(const py::object& oracle,
                             std::shared_ptr<std::optional<py::error_already_set>> raised) {
  CallbackParams p;
  p.label = py::str(py::getattr(oracle, "__qualname__", py::repr(oracle)));
  // Copies of the function (the chain copies its options without the GIL)
  // share the callable; the last one lets it go holding the GIL.
  const std::shared_ptr<py::object> callable(new py::object(oracle), [](py::object* f) {
    py::gil_scoped_acquire acquire;
    delete f;
  });
  p.function = [callable, raised, label = p.label](const Matrix& q, const Matrix& k,
                                                   const Matrix& v, double scale,
                                                   bool causal) -> Matrix {
    py::gil_scoped_acquire acquire;
    try {
      const py::object y = (*callable)(py::cast(q), py::cast(k), py::cast(v), scale, causal);
      const DoubleArray a = DoubleArray::ensure(py::module_::import("numpy").attr("asarray")(y));
      require(static_cast<bool>(a) && (a.ndim() == 1 || a.ndim() == 2),
              fmt::format("oracle '{}' did not return a 1-D or 2-D array of numbers (a CUDA "
                          "tensor: return y.cpu().numpy())",
                          label));
      return matrix_of(a);
    } catch (py::error_already_set& e) {
      const std::string what = e.what();
      *raised = std::move(e);
      throw ContractError(fmt::format("oracle '{}' raised {}", label, what));
    }
  };
  return p;
}
}  // namespace

BackendOptions backend_options_from(const py::dict& params) {
  BackendOptions o;
  const std::vector<std::string> known = {
      "target_error", "degree", "max_rank",   "conv_window",      "conv_tau",  "conv_k_max",
      "conv_eps",     "seed",   "features",   "orthogonal",       "block",     "samples",
      "projections",  "chunk",  "buckets",    "rounds",           "landmarks", "pinv_iterations",
      "window",       "sinks",  "oracle_cmd", "oracle_time_limit"};
  for (const auto& [key_handle, value] : params) {
    const std::string key = py::str(key_handle);
    if (key == "target_error")
      o.target_error = value.cast<double>();
    else if (key == "degree")
      o.degree = value.cast<int>();
    else if (key == "max_rank")
      o.max_rank = value.cast<std::uint64_t>();
    else if (key == "conv_window")
      o.conv_window = value.cast<long>();
    else if (key == "conv_tau")
      o.conv_tau = value.cast<double>();
    else if (key == "conv_k_max")
      o.conv_k_max = value.cast<std::size_t>();
    else if (key == "conv_eps")
      o.conv_eps = value.cast<double>();
    else if (key == "seed")
      o.set_seed(value.cast<std::uint64_t>());
    else if (key == "features")
      o.performer.features = value.cast<long>();
    else if (key == "orthogonal")
      o.performer.orthogonal = value.cast<bool>();
    else if (key == "block")
      o.hyper.block = value.cast<long>();
    else if (key == "samples")
      o.hyper.samples = value.cast<long>();
    else if (key == "projections")
      o.hyper.projections = value.cast<int>();
    else if (key == "chunk")
      o.reformer.chunk = value.cast<long>();
    else if (key == "buckets")
      o.reformer.buckets = value.cast<long>();
    else if (key == "rounds")
      o.reformer.rounds = value.cast<int>();
    else if (key == "landmarks")
      o.nystrom.landmarks = value.cast<long>();
    else if (key == "pinv_iterations")
      o.nystrom.pinv_iterations = value.cast<int>();
    else if (key == "window")
      o.window.window = value.cast<long>();
    else if (key == "sinks")
      o.window.sinks = value.cast<long>();
    else if (key == "oracle_cmd")
      o.external.command = value.cast<std::string>();
    else if (key == "oracle_time_limit")
      o.external.time_limit_s = value.cast<double>();
    else
      throw ContractError(
          fmt::format("unknown backend option '{}'; known: {}", key, fmt::join(known, ", ")));
  }
  return o;
}

void OracleChoice::raise_python_error() {
  if (!raised || !raised->has_value()) return;
  py::error_already_set original = std::move(**raised);
  raised->reset();
  throw original;
}

OracleChoice oracle_choice(const std::string& backend, const py::object& oracle,
                           const py::dict& params, const std::string& default_backend) {
  OracleChoice c{backend, backend_options_from(params),
                 std::make_shared<std::optional<py::error_already_set>>()};
  if (oracle.is_none()) return c;
  require(PyCallable_Check(oracle.ptr()) == 1,
          "oracle must be callable: f(q, k, v, scale, causal) -> n_q x d_v array");
  require(backend == default_backend || backend == "callback",
          fmt::format("give a backend or an oracle, not both (backend '{}')", backend));
  c.backend = "callback";
  c.options.callback = python_oracle(oracle, c.raised);
  return c;
}

}  // namespace sethkit::python
