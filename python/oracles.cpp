// The oracles in Python (docs/python.md): attention(q, k, v, backend=...) on
// every backend of the registry, and verify(source, ...) running any chain of
// the reduction graph with a registered backend or a Python callable as the
// oracle (attention/callback_backend.hpp), returning the run bundle
// (docs/run_bundle.md) as a dict. The GIL is released while C++ works and
// taken again only to call the Python oracle.
#include <fmt/format.h>
#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cmath>
#include <optional>

#include "attention/registry.hpp"
#include "attention/scale_word.hpp"
#include "chain/executor.hpp"
#include "chain/run_bundle.hpp"
#include "core/budget.hpp"
#include "core/error.hpp"
#include "python/bindings.hpp"
#include "python/oracle_options.hpp"

namespace sethkit::python {

namespace {
Matrix matrix_from(const py::handle& x, const char* name) {
  const DoubleArray a = DoubleArray::ensure(x);
  require(static_cast<bool>(a),
          fmt::format("attention: {} is not an array of numbers (a CUDA tensor: pass "
                      "x.cpu().numpy())",
                      name));
  require(a.ndim() == 2, fmt::format("attention: {} must be 2-D (rows are tokens), found {} "
                                     "dimensions",
                                     name, a.ndim()));
  return matrix_of(a);
}

std::optional<Rope> rope_from(std::optional<double> base, const std::string& layout) {
  if (!base) return std::nullopt;
  require(std::isfinite(*base) && *base > 1, "attention: rope must be a base above 1");
  const auto parsed = rope_layout_from_word(layout);
  require(parsed.has_value(),
          fmt::format("attention: rope_layout '{}'; expected 'interleaved' or 'half'", layout));
  return Rope{*base, *parsed};
}

// scale: None (1/d), a number, or the words "1/d" and "1/sqrt(d)".
double scale_from(const py::object& scale, Eigen::Index d) {
  if (scale.is_none()) return resolve_scale("1/d", d, "attention: scale").value;
  if (py::isinstance<py::str>(scale))
    return resolve_scale(scale.cast<std::string>(), d, "attention: scale").value;
  const double value = scale.cast<double>();
  require(std::isfinite(value), "attention: the scale must be a finite number");
  return value;
}

// causal: False, True (bottom-right) or "bottom-right" / "top-left".
std::pair<bool, CausalAlignment> causal_from(const py::object& causal) {
  if (py::isinstance<py::str>(causal)) {
    const auto word = causal.cast<std::string>();
    const auto alignment = causal_alignment_from_word(word);
    require(alignment.has_value(),
            fmt::format("attention: causal '{}'; expected True, False, 'bottom-right' or "
                        "'top-left'",
                        word));
    return {true, *alignment};
  }
  return {causal.cast<bool>(), CausalAlignment::kBottomRight};
}

}  // namespace

void bind_oracles(py::module_& m) {
  m.def(
      "attention",
      [](const py::object& q_in, const py::object& k_in, const py::object& v_in,
         const std::string& backend, const py::object& scale, const py::object& causal_in,
         std::optional<double> rope, const std::string& rope_layout, bool return_stats,
         const py::kwargs& params) -> py::object {
        const Matrix q = matrix_from(q_in, "q"), k = matrix_from(k_in, "k"),
                     v = matrix_from(v_in, "v");
        const double s = scale_from(scale, q.cols());
        const auto [causal, alignment] = causal_from(causal_in);
        const auto b = make_backend(backend, backend_options_from(params));
        AttentionOutput out;
        {
          py::gil_scoped_release release;
          out = b->run(AttentionInput{q, k, v, s, causal, rope_from(rope, rope_layout), alignment});
        }
        py::object y = py::cast(std::move(out.out));
        if (!return_stats) return y;
        py::dict stats;
        stats["backend"] = b->name();
        stats["scale"] = s;
        stats["lse"] = out.lse.size() > 0 ? py::cast(std::move(out.lse)) : py::none();
        stats["error_bound"] = out.error_bound;
        stats["max_abs_logit"] = out.max_abs_logit >= 0 ? py::cast(out.max_abs_logit) : py::none();
        stats["seconds"] = out.seconds;
        stats["details"] = out.details;
        return py::make_tuple(y, stats);
      },
      py::arg("q"), py::arg("k"), py::arg("v"), py::arg("backend") = "flash",
      py::arg("scale") = py::none(), py::arg("causal") = false, py::arg("rope") = py::none(),
      py::arg("rope_layout") = "interleaved", py::arg("return_stats") = false,
      "diag(A 1)^-1 A V with A = exp(scale Q K^T); scale: a number, '1/d' (the default, "
      "Alman-Song) or '1/sqrt(d)' (PyTorch SDPA's default); causal: True or 'bottom-right' "
      "(FlashAttention 2), 'top-left' (SDPA's is_causal=True); rope: a base, rope_layout "
      "'interleaved' (default) or 'half'. Backend parameters as keywords (features=, "
      "landmarks=, window=, ...)");

  m.def(
      "attention_grad",
      [](const py::object& q_in, const py::object& k_in, const py::object& v_in,
         const py::object& d_out_in, const std::string& backend, const py::object& scale,
         const py::object& causal_in, std::optional<double> rope, const std::string& rope_layout,
         const py::kwargs& params) {
        const Matrix q = matrix_from(q_in, "q"), k = matrix_from(k_in, "k"),
                     v = matrix_from(v_in, "v"), d_out = matrix_from(d_out_in, "d_out");
        const double s = scale_from(scale, q.cols());
        const auto [causal, alignment] = causal_from(causal_in);
        const auto b = make_backend(backend, backend_options_from(params));
        b->require_backward();
        AttentionOutput out;
        AttentionGradients g;
        {
          py::gil_scoped_release release;
          const AttentionInput in{q, k, v, s, causal, rope_from(rope, rope_layout), alignment};
          out = b->run(in);
          g = b->backward(in, out, d_out);
        }
        py::dict result;
        result["out"] = py::cast(std::move(out.out));
        result["dq"] = py::cast(std::move(g.dq));
        result["dk"] = py::cast(std::move(g.dk));
        result["dv"] = py::cast(std::move(g.dv));
        result["dscale"] = g.dscale;
        result["error_bound"] = g.error_bound;
        result["seconds"] = g.seconds;
        result["details"] = g.details;
        return result;
      },
      py::arg("q"), py::arg("k"), py::arg("v"), py::arg("d_out"), py::arg("backend") = "flash",
      py::arg("scale") = py::none(), py::arg("causal") = false, py::arg("rope") = py::none(),
      py::arg("rope_layout") = "interleaved",
      "The forward and backward pass: dQ, dK, dV and dLoss/dscale given d_out = dLoss/dO, as a "
      "dict with the output; the conventions of attention(); backends naive, flash, flash64");

  m.def(
      "verify",
      [](const py::object& source, const std::optional<std::string>& chain,
         const std::string& backend, const py::object& oracle, double noise, std::uint64_t seed,
         std::optional<double> assumed_error, const std::string& scale, std::size_t layers,
         std::size_t heads, double time_limit, bool strict, const py::kwargs& params) {
        const SourceFile file = source_from(source, strict);
        const ProblemValue value = problem_value(file);
        ChainOptions o;
        OracleChoice choice = oracle_choice(backend, oracle, params, "auto");
        o.backend = choice.backend;
        o.backend_options = choice.options;
        require(std::isfinite(noise) && noise >= 0, "verify: noise must be >= 0");
        o.noise = noise;
        o.seed = seed;
        o.assumed_error = assumed_error;
        o.solver_time_limit_s = time_limit;
        o.attention.scale = scale_convention(scale, "verify");
        o.transformer.layers = layers;
        o.transformer.heads = heads;
        const std::string name = chain ? *chain : default_chain(value);
        nlohmann::json bundle;
        try {
          py::gil_scoped_release release;
          const ChainRun run =
              naming_source(file.path, [&] { return run_chain(name, value, file.path, o); });
          bundle = to_run_bundle(run, file.sha256);
        } catch (const Error&) {
          choice.raise_python_error();
          throw;
        }
        choice.raise_python_error();  // one the chain caught and recorded
        return to_python(bundle);
      },
      py::arg("source"), py::arg("chain") = py::none(), py::arg("backend") = "auto",
      py::arg("oracle") = py::none(), py::arg("noise") = 0.0, py::arg("seed") = 1,
      py::arg("assumed_error") = py::none(), py::arg("scale") = "1/d", py::arg("layers") = 1,
      py::arg("heads") = 1, py::arg("time_limit") = 0.0, py::arg("strict") = false,
      "Runs a chain of the reduction graph on a source (a path or an instance) and returns the run "
      "bundle: oracle is a callable f(q, k, v, scale, causal) -> n_q x d_v array, run as the "
      "oracle in place of a backend");

  m.def(
      "set_budget",
      [](const py::object& max_memory, std::optional<double> max_seconds) {
        Budget b = process_budget();
        if (py::isinstance<py::int_>(max_memory)) {
          const auto bytes = max_memory.cast<long long>();
          require(bytes > 0, "set_budget: max_memory must be a positive number of bytes");
          b.max_bytes = static_cast<std::uint64_t>(bytes);
        } else if (!max_memory.is_none()) {
          const std::string text = py::str(max_memory);
          const auto bytes = parse_byte_size(text);
          require(bytes.has_value() && *bytes > 0,
                  fmt::format("set_budget: max_memory '{}'; expected bytes or a size such as "
                              "512M, 4G or 1T",
                              text));
          b.max_bytes = *bytes;
        }
        if (max_seconds) {
          require(std::isfinite(*max_seconds) && *max_seconds >= 0,
                  "set_budget: max_seconds must be >= 0 (0: no limit)");
          b.max_seconds = *max_seconds;
        }
        set_process_budget(b);
        py::dict out;
        out["max_memory"] = b.max_bytes;
        out["max_seconds"] = b.max_seconds;
        return out;
      },
      py::arg("max_memory") = py::none(), py::arg("max_seconds") = py::none(),
      "The memory (bytes, or a size such as '4G') and estimated seconds a run may plan for (the "
      "command line's --max-memory and --max-seconds; 0 seconds: no limit); returns the budget "
      "now in force");
}

}  // namespace sethkit::python
