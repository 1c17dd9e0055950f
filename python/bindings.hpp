// The Python module `sethkit` (docs/python.md): pybind11 bindings over the
// same libraries the command line uses, one file per part of the API. This
// header holds what the parts share: JSON as Python objects, a source given
// as a path or an instance, and the binders each part's file defines.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <nlohmann/json.hpp>

#include "core/instance_file.hpp"
#include "core/matrix.hpp"
#include "reductions/attention_target.hpp"

namespace sethkit::python {

namespace py = pybind11;

// A JSON document as Python objects (dict, list, str, int, float, bool, None),
// and back; through Python's json module, so both sides agree on every value.
py::object to_python(const nlohmann::json& value);
nlohmann::json from_python(const py::handle& value, const char* what);

// A source given as a path (str or os.PathLike: the file is read as the
// command line reads it) or as an instance (Cnf, OvInstance, GapHamming:
// core/instance_file.hpp's in_memory_source, named "<memory>").
SourceFile source_from(const py::handle& source, bool strict);

// A str or os.PathLike as a path (os.fspath).
std::string path_from(const py::handle& path);

// "1/d" (Alman-Song's) or "1/sqrt(d)"; ContractError naming `what` otherwise.
ScaleConvention scale_convention(const std::string& word, const char* what);

// Numbers as float64 in C order, copied only where the dtype or layout needs
// it; DoubleArray::ensure(x) is empty when x is not an array of numbers.
using DoubleArray = py::array_t<double, py::array::c_style | py::array::forcecast>;

// A 2-D array as a matrix, a 1-D one as a column (the caller checks ndim).
Matrix matrix_of(const DoubleArray& a);

void bind_errors(py::module_& m);      // errors.cpp
void bind_instances(py::module_& m);   // instances.cpp
void bind_reductions(py::module_& m);  // reductions.cpp: reduce, decode
void bind_oracles(py::module_& m);     // oracles.cpp: attention, verify
void bind_graph(py::module_& m);       // graph.cpp: check, path, list

}  // namespace sethkit::python
