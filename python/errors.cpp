// sethkit's errors as Python exceptions with the same one-line messages:
// sethkit.Error (a ValueError), and below it InputError (bad input, naming
// the file, line and what was expected; .file and .line) and ContractError (a
// bad parameter, an instance a construction or backend refuses).
#include <pybind11/pybind11.h>

#include "core/error.hpp"
#include "python/bindings.hpp"

namespace sethkit::python {

void bind_errors(py::module_& m) {
  static py::exception<Error> error(m, "Error", PyExc_ValueError);
  static py::exception<InputError> input_error(m, "InputError", error.ptr());
  static py::exception<ContractError> contract_error(m, "ContractError", error.ptr());
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const InputError& e) {
      py::object exc = py::handle(input_error.ptr())(e.what());
      exc.attr("file") = e.file();
      exc.attr("line") = e.line();
      PyErr_SetObject(input_error.ptr(), exc.ptr());
    } catch (const ContractError& e) {
      contract_error(e.what());
    } catch (const Error& e) {
      error(e.what());
    }
  });
}

}  // namespace sethkit::python
