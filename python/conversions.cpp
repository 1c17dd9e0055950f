// What the parts of the Python module share (python/bindings.hpp): JSON
// documents as Python objects and back, and a source given as a path or an
// instance.
#include <fmt/format.h>

#include "core/error.hpp"
#include "python/bindings.hpp"

namespace sethkit::python {

py::object to_python(const nlohmann::json& value) {
  return py::module_::import("json").attr("loads")(value.dump());
}

nlohmann::json from_python(const py::handle& value, const char* what) {
  std::string text;
  try {
    text = py::str(py::module_::import("json").attr("dumps")(value, py::arg("allow_nan") = false));
  } catch (py::error_already_set& e) {
    throw ContractError(fmt::format("{}: not a JSON document ({})", what, e.what()));
  }
  return nlohmann::json::parse(text);
}

std::string path_from(const py::handle& path) {
  return py::str(py::module_::import("os").attr("fspath")(path));
}

ScaleConvention scale_convention(const std::string& word, const char* what) {
  require(word == "1/d" || word == "1/sqrt(d)",
          fmt::format("{}: scale '{}'; expected '1/d' (Alman-Song) or '1/sqrt(d)'", what, word));
  return word == "1/d" ? ScaleConvention::kInverseD : ScaleConvention::kInverseSqrtD;
}

Matrix matrix_of(const DoubleArray& a) {
  return Eigen::Map<const Matrix>(a.data(), a.shape(0), a.ndim() == 2 ? a.shape(1) : 1);
}

SourceFile source_from(const py::handle& source, bool strict) {
  if (py::isinstance<Cnf>(source)) return in_memory_source(source.cast<const Cnf&>(), "<memory>");
  if (py::isinstance<OvInstance>(source))
    return in_memory_source(source.cast<const OvInstance&>(), "<memory>");
  if (py::isinstance<GapHamming>(source))
    return in_memory_source(source.cast<const GapHamming&>(), "<memory>");
  if (py::isinstance<py::str>(source) || py::hasattr(source, "__fspath__"))
    return load_source(path_from(source), strict);
  throw ContractError(
      fmt::format("source: expected a path or a Cnf, OvInstance or GapHamming, found {}",
                  py::str(py::type::handle_of(source).attr("__name__")).cast<std::string>()));
}

}  // namespace sethkit::python
