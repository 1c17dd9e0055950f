// The oracle of verify and check in Python: a registered backend with its
// parameters as keyword arguments, or a Python callable run through the
// callback backend (attention/callback_backend.hpp). A Python exception the
// callable raises stops the chain; raise_python_error() raises it again,
// traceback and all, once the C++ work has unwound.
#pragma once

#include <pybind11/pybind11.h>

#include <memory>
#include <optional>
#include <string>

#include "attention/registry.hpp"

namespace sethkit::python {

namespace py = pybind11;

// BackendOptions from keyword arguments (target_error=, features=, window=,
// oracle_cmd=, ...); ContractError naming the known ones for any other name.
BackendOptions backend_options_from(const py::dict& params);

struct OracleChoice {
  std::string backend;
  BackendOptions options;
  std::shared_ptr<std::optional<py::error_already_set>> raised;
  // Raises the callable's exception, if it raised one; call holding the GIL.
  void raise_python_error();
};

// `oracle` (None or a callable f(q, k, v, scale, causal) -> n_q x d_v array)
// in place of `backend`, whose default is `default_backend`: giving both is a
// ContractError.
OracleChoice oracle_choice(const std::string& backend, const py::object& oracle,
                           const py::dict& params, const std::string& default_backend);

}  // namespace sethkit::python
