// reduce and decode in Python (docs/python.md): a source's attention instance
// in memory (chain/reduce_to_files.hpp's reduce_to_attention: Q, K, V as
// read-only NumPy views of the C++ arrays, no copy, and the certificate as a
// dict), and any oracle's output read back against a certificate with the
// certificate's own rule (chain/decode_output.hpp).
#include <fmt/format.h>
#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <optional>

#include "chain/decode_output.hpp"
#include "chain/reduce_to_files.hpp"
#include "core/error.hpp"
#include "python/bindings.hpp"

namespace sethkit::python {

namespace {
// A read-only NumPy view of a matrix the Python object `owner` keeps alive.
py::array view(const Matrix& m, const py::object& owner) {
  py::array a(py::dtype::of<double>(), {m.rows(), m.cols()},
              {static_cast<py::ssize_t>(sizeof(double)) * m.cols(),
               static_cast<py::ssize_t>(sizeof(double))},
              m.data(), owner);
  py::detail::array_proxy(a.ptr())->flags &= ~py::detail::npy_api::NPY_ARRAY_WRITEABLE_;
  return a;
}

// The attention chains reduce returns, and the sink form each asks for.
ReduceOptions options_for(const std::string& problem, const std::optional<std::string>& chain,
                          const std::string& scale, std::optional<double> rope) {
  ReduceOptions o;
  o.scale = scale_convention(scale, "reduce");
  require(!rope || *rope > 1, "reduce: rope must be a base above 1");
  o.rope_base = rope.value_or(0);
  const std::string from = problem == "cnf-sat" ? "sat-ov" : problem;
  const std::string want = from + "-attention";
  if (chain && *chain == "gap-hamming-attention-n-sinks" && problem == "gap-hamming") {
    o.sinks = SinkVariant::kNSinks;
  } else if (chain) {
    require(*chain == want,
            fmt::format("reduce: chain '{}' does not start from this {} source and end at "
                        "attention; reduce returns sat-ov-attention (a CNF), ov-attention, "
                        "gap-hamming-attention or gap-hamming-attention-n-sinks; other chains "
                        "run with verify",
                        *chain, problem));
  }
  return o;
}

Matrix output_matrix(const py::array& y) {
  const DoubleArray a(y);
  require(
      a.ndim() == 1 || a.ndim() == 2,
      fmt::format("decode: the output must be a 1-D or 2-D array, found {} dimensions", a.ndim()));
  return matrix_of(a);
}
}  // namespace

void bind_reductions(py::module_& m) {
  py::class_<AttentionReduction>(m, "AttentionReduction",
                                 "The attention instance of a source: q, k, v (read-only views), "
                                 "scale, certificate")
      .def_property_readonly("q",
                             [](const py::object& self) {
                               return view(self.cast<const AttentionReduction&>().q, self);
                             })
      .def_property_readonly("k",
                             [](const py::object& self) {
                               return view(self.cast<const AttentionReduction&>().k, self);
                             })
      .def_property_readonly("v",
                             [](const py::object& self) {
                               return view(self.cast<const AttentionReduction&>().v, self);
                             })
      .def_readonly("scale", &AttentionReduction::scale)
      .def_readonly("summary", &AttentionReduction::summary)
      .def_readonly("split_ov", &AttentionReduction::split_ov)
      .def_property_readonly("certificate",
                             [](const AttentionReduction& r) { return to_python(r.certificate); })
      .def("__repr__", [](const AttentionReduction& r) {
        return fmt::format("AttentionReduction({})", r.summary);
      });

  m.def(
      "reduce",
      [](const py::object& source, const std::optional<std::string>& chain,
         const std::string& scale, std::optional<double> rope, bool strict) {
        const SourceFile file = source_from(source, strict);
        const ReduceOptions options =
            options_for(problem_name(problem_value(file)), chain, scale, rope);
        py::gil_scoped_release release;
        plan_reduction(file, options);
        return reduce_to_attention(file, options);
      },
      py::arg("source"), py::arg("chain") = py::none(), py::arg("scale") = "1/d",
      py::arg("rope") = py::none(), py::arg("strict") = false,
      "The attention instance of a CNF, OV or Gap-Hamming source (a path or an instance)");

  m.def(
      "decode",
      [](const py::object& certificate, const py::array& y, const py::object& source,
         std::optional<double> assumed_error, bool strict) {
        std::string where = "<certificate>";
        nlohmann::json cert;
        if (py::isinstance<py::dict>(certificate)) {
          cert = from_python(certificate, "decode: certificate");
        } else {
          where = path_from(certificate);
          cert = read_certificate(where);
        }
        const Matrix out = output_matrix(y);
        std::optional<SourceFile> file;
        if (!source.is_none()) file = source_from(source, strict);
        DecodedOutput decoded;
        {
          py::gil_scoped_release release;
          decoded = decode_output(out, cert, where, file ? &*file : nullptr,
                                  DecodeOptions{assumed_error});
        }
        return to_python(to_json(decoded));
      },
      py::arg("certificate"), py::arg("y"), py::arg("source") = py::none(),
      py::arg("assumed_error") = py::none(), py::arg("strict") = false,
      "An oracle's output read back against a certificate (a dict from reduce, or a "
      "certificate.json path): the verdict, rows, margin and the witness, checked when the "
      "source is given");
}

}  // namespace sethkit::python
