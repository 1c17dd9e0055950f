// Instances in Python: Cnf, OvInstance and GapHamming with their readers and
// writers (DIMACS, the OV text format, Gap-Hamming; docs/formats.md) and the
// generators with their seeds (random and planted k-CNF, random OV with a
// planted pair or a guaranteed NO, planted Gap-Hamming). Sizes are checked
// against the memory budget before anything is drawn
// (instances/generation_budget.hpp).
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <pybind11/numpy.h>
#include <pybind11/operators.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "core/dimacs.hpp"
#include "core/error.hpp"
#include "core/file_io.hpp"
#include "core/gap_hamming.hpp"
#include "core/limits.hpp"
#include "core/ov_format.hpp"
#include "instances/cnf_families.hpp"
#include "instances/generation_budget.hpp"
#include "python/bindings.hpp"

namespace sethkit::python {

namespace {
using Bits = py::array_t<std::uint8_t, py::array::c_style | py::array::forcecast>;

// One side of an OV instance as an n x d array of 0/1 bytes.
Bits side_array(const OvInstance& ov, bool side_a) {
  const std::size_t n = side_a ? ov.n_a() : ov.n_b();
  Bits out({n, ov.d()});
  auto* p = out.mutable_data();
  for (std::size_t i = 0; i < n; ++i)
    for (std::uint8_t bit : side_a ? ov.a(i) : ov.b(i)) *p++ = bit;
  return out;
}

// An OV instance from two 2-D arrays of 0/1 with one width.
OvInstance ov_from_arrays(const py::array& a_in, const py::array& b_in) {
  const py::array_t<double, py::array::c_style | py::array::forcecast> a(a_in), b(b_in);
  require(a.ndim() == 2 && b.ndim() == 2,
          "OvInstance: a and b must be 2-D arrays (vectors as rows)");
  require(a.shape(1) == b.shape(1),
          fmt::format("OvInstance: a has {} columns and b {}; the vectors must have one dimension",
                      a.shape(1), b.shape(1)));
  require(a.shape(1) >= 1, "OvInstance: the dimension d must be at least 1");
  const auto n_a = static_cast<std::size_t>(a.shape(0)), n_b = static_cast<std::size_t>(b.shape(0)),
             d = static_cast<std::size_t>(a.shape(1));
  require_generated_within_budget("OvInstance",
                                  generated_bytes(RandomOvParams{n_a, n_b, d, 0.5, {}, 1}));
  OvInstance ov(n_a, n_b, d);
  const auto copy = [&](const auto& src, std::size_t n, bool side_a, const char* name) {
    const double* p = src.data();
    for (std::size_t i = 0; i < n; ++i) {
      auto row = side_a ? ov.a(i) : ov.b(i);
      for (std::size_t j = 0; j < d; ++j, ++p) {
        require(*p == 0 || *p == 1,
                fmt::format("OvInstance: {}[{}, {}] is {}; every coordinate must be 0 or 1", name,
                            i, j, *p));
        row[j] = static_cast<std::uint8_t>(*p);
      }
    }
  };
  copy(a, n_a, true, "a");
  copy(b, n_b, false, "b");
  return ov;
}

const char* label_name(GapLabel l) {
  switch (l) {
    case GapLabel::kYes:
      return "yes";
    case GapLabel::kNo:
      return "no";
    case GapLabel::kOutside:
      return "outside";
    case GapLabel::kUnknown:
      break;
  }
  return "unknown";
}

GapLabel label_from(const std::string& s) {
  if (s == "yes") return GapLabel::kYes;
  if (s == "no") return GapLabel::kNo;
  if (s == "outside") return GapLabel::kOutside;
  require(s == "unknown",
          fmt::format("GapHamming: label '{}'; expected yes, no, outside or unknown", s));
  return GapLabel::kUnknown;
}

Provenance provenance_of(const std::vector<std::string>& comments) {
  Provenance p;
  p.extra = comments;
  return p;
}

}  // namespace

void bind_instances(py::module_& m) {
  py::class_<Cnf>(m, "Cnf", "A CNF formula: DIMACS literals (v or -v for variable v >= 1)")
      .def(py::init([](int num_vars, const std::vector<std::vector<int>>& clauses) {
             require(num_vars >= 0, "Cnf: num_vars must be >= 0");
             Cnf cnf(num_vars);
             for (const auto& c : clauses) cnf.add_clause(c);
             return cnf;
           }),
           py::arg("num_vars") = 0, py::arg("clauses") = std::vector<std::vector<int>>{})
      .def_property_readonly("num_vars", &Cnf::num_vars)
      .def_property_readonly("num_clauses", &Cnf::num_clauses)
      .def_property_readonly("clauses",
                             [](const Cnf& cnf) {
                               std::vector<std::vector<int>> out(cnf.num_clauses());
                               for (std::size_t c = 0; c < cnf.num_clauses(); ++c)
                                 out[c].assign(cnf.clause(c).begin(), cnf.clause(c).end());
                               return out;
                             })
      .def(py::self == py::self)
      .def("__repr__", [](const Cnf& cnf) {
        return fmt::format("Cnf(num_vars={}, num_clauses={})", cnf.num_vars(), cnf.num_clauses());
      });

  py::class_<OvInstance>(m, "OvInstance",
                         "Orthogonal Vectors: sets A and B in {0,1}^d; YES iff some a . b = 0")
      .def(py::init(&ov_from_arrays), py::arg("a"), py::arg("b"))
      .def_property_readonly("n_a", &OvInstance::n_a)
      .def_property_readonly("n_b", &OvInstance::n_b)
      .def_property_readonly("d", &OvInstance::d)
      .def_property_readonly("a", [](const OvInstance& ov) { return side_array(ov, true); })
      .def_property_readonly("b", [](const OvInstance& ov) { return side_array(ov, false); })
      .def_readonly("planted", &OvInstance::planted)
      .def_readonly("known_answer", &OvInstance::known_answer)
      .def(py::self == py::self)
      .def("__repr__", [](const OvInstance& ov) {
        return fmt::format("OvInstance(n_a={}, n_b={}, d={})", ov.n_a(), ov.n_b(), ov.d());
      });

  py::class_<GapHamming>(
      m, "GapHamming",
      "Gap-Hamming nearest neighbour: per a_i, YES if some b_j is within t, NO if "
      "every b_j is at least (1 + eps) t away")
      .def(py::init([](const py::array& a, const py::array& b, std::size_t t, double eps,
                       const std::optional<std::vector<std::string>>& labels) {
             require(t >= 1 && std::isfinite(eps) && eps > 0,
                     "GapHamming: t must be >= 1 and eps > 0");
             GapHamming g{ov_from_arrays(a, b), t, eps, {}};
             if (labels) {
               require(labels->size() == g.points.n_a(),
                       fmt::format("GapHamming: {} labels for {} rows of a", labels->size(),
                                   g.points.n_a()));
               for (const auto& l : *labels) g.labels.push_back(label_from(l));
             } else {
               g.labels.assign(g.points.n_a(), GapLabel::kUnknown);
             }
             return g;
           }),
           py::arg("a"), py::arg("b"), py::arg("t"), py::arg("eps"), py::arg("labels") = py::none())
      .def_property_readonly("a", [](const GapHamming& g) { return side_array(g.points, true); })
      .def_property_readonly("b", [](const GapHamming& g) { return side_array(g.points, false); })
      .def_readonly("t", &GapHamming::t)
      .def_readonly("eps", &GapHamming::eps)
      .def_property_readonly("labels",
                             [](const GapHamming& g) {
                               std::vector<std::string> out;
                               for (GapLabel l : g.labels) out.emplace_back(label_name(l));
                               return out;
                             })
      .def("__repr__", [](const GapHamming& g) {
        return fmt::format("GapHamming(n_a={}, n_b={}, dim={}, t={}, eps={:g})", g.points.n_a(),
                           g.points.n_b(), g.points.d(), g.t, g.eps);
      });

  // Readers and writers.
  m.def(
      "read_dimacs",
      [](const py::object& path, bool strict) {
        return read_dimacs(path_from(path), DimacsOptions{strict, {}}).cnf;
      },
      py::arg("path"), py::arg("strict") = false,
      "A DIMACS CNF file (plain, or gzip, xz, bzip2 or zstd by content)");
  m.def(
      "read_ov",
      [](const py::object& path, bool strict) {
        return read_ov(path_from(path), OvReadOptions{strict, {}}).instance;
      },
      py::arg("path"), py::arg("strict") = false, "An OV text file");
  m.def(
      "read_gap_hamming",
      [](const py::object& path, bool strict) {
        return read_gap_hamming(path_from(path), OvReadOptions{strict, {}});
      },
      py::arg("path"), py::arg("strict") = false, "A Gap-Hamming file");
  m.def(
      "load",
      [](const py::object& path, bool strict) -> py::object {
        SourceFile s = load_source(path_from(path), strict);
        if (s.cnf) return py::cast(std::move(*s.cnf));
        if (s.gap) return py::cast(std::move(*s.gap));
        return py::cast(std::move(*s.ov));
      },
      py::arg("path"), py::arg("strict") = false,
      "Any source file, told apart by its header: a Cnf, OvInstance or GapHamming");
  m.def(
      "write_dimacs",
      [](const Cnf& cnf, const py::object& path, const std::vector<std::string>& comments) {
        write_dimacs(path_from(path), cnf, provenance_of(comments));
      },
      py::arg("cnf"), py::arg("path"), py::arg("comments") = std::vector<std::string>{},
      "Writes DIMACS (all or nothing), with the tool's provenance and `comments` as c lines");
  m.def(
      "write_ov",
      [](const OvInstance& ov, const py::object& path, const std::vector<std::string>& comments) {
        write_ov(path_from(path), ov, provenance_of(comments));
      },
      py::arg("ov"), py::arg("path"), py::arg("comments") = std::vector<std::string>{},
      "Writes the OV text format (all or nothing)");
  m.def(
      "write_gap_hamming",
      [](const GapHamming& g, const py::object& path, const std::vector<std::string>& comments) {
        write_file_atomic(path_from(path), format_gap_hamming(g, provenance_of(comments)));
      },
      py::arg("instance"), py::arg("path"), py::arg("comments") = std::vector<std::string>{},
      "Writes the Gap-Hamming format (all or nothing)");

  // Generators.
  m.def(
      "random_cnf",
      [](int vars, std::optional<std::size_t> clauses, std::optional<double> ratio, int k,
         bool planted, std::uint64_t seed) {
        require(!(clauses && ratio), "random_cnf: give clauses or ratio, not both");
        require(vars >= 1, "random_cnf: vars must be at least 1");
        require(!ratio || (std::isfinite(*ratio) && *ratio >= 0),
                "random_cnf: ratio must be finite and >= 0");
        RandomCnfParams p;
        p.vars = vars;
        p.clauses = clauses ? *clauses : clauses_for_ratio(vars, ratio ? *ratio : 4.26);
        p.k = k;
        p.planted = planted;
        p.seed = seed;
        require_count_within("random_cnf: vars", static_cast<std::uint64_t>(vars),
                             Limits{}.max_vars, "variables");
        require_count_within("random_cnf: clauses", p.clauses, Limits{}.max_clauses, "clauses");
        require_generated_within_budget("random_cnf", generated_bytes(p));
        py::gil_scoped_release release;
        return random_kcnf(p).cnf;
      },
      py::arg("vars"), py::arg("clauses") = py::none(), py::arg("ratio") = py::none(),
      py::arg("k") = 3, py::arg("planted") = false, py::arg("seed") = 1,
      "Uniform random k-CNF (ratio 4.26 by default), or planted-satisfiable");
  m.def(
      "cnf_family",
      [](const std::string& family, int pigeons, int holes, bool functional, bool onto,
         std::optional<int> elements, bool total, std::optional<int> vertices, int clique,
         int colours, int degree, const std::string& charge, std::uint64_t seed) {
        const auto& names = cnf_family_names();
        require(std::find(names.begin(), names.end(), family) != names.end(),
                fmt::format("cnf_family: unknown family '{}'; expected one of {}", family,
                            fmt::join(names, ", ")));
        CnfFamilyParams p;
        p.family = family;
        p.pigeons = pigeons, p.holes = holes, p.functional = functional, p.onto = onto;
        p.n = elements.value_or(vertices.value_or(4));
        p.total = total, p.clique = clique, p.colours = colours, p.degree = degree;
        p.charge = charge, p.seed = seed;
        require_family_within_budget("cnf_family", p);
        FamilyCnf f;
        {
          py::gil_scoped_release release;
          f = generate_cnf_family(p);
        }
        return py::make_tuple(std::move(f.generated.cnf), f.satisfiable, f.reason);
      },
      py::arg("family"), py::kw_only(), py::arg("pigeons") = 3, py::arg("holes") = 2,
      py::arg("functional") = false, py::arg("onto") = false, py::arg("elements") = py::none(),
      py::arg("total") = false, py::arg("vertices") = py::none(), py::arg("clique") = 3,
      py::arg("colours") = 2, py::arg("degree") = 3, py::arg("charge") = "first",
      py::arg("seed") = 1,
      "A crafted CNF with a known answer, in CNFgen's parameters (php, parity, ordering, "
      "clique-coloring, tseitin): returns (cnf, satisfiable, reason)");
  m.def(
      "random_ov",
      [](std::size_t na, std::optional<std::size_t> nb, std::size_t dim, double density,
         const std::optional<std::string>& plant, std::uint64_t seed) {
        require(!plant || *plant == "yes" || *plant == "no",
                "random_ov: plant must be 'yes', 'no' or None");
        require(na >= 1 && dim >= 1, "random_ov: na and dim must be at least 1");
        RandomOvParams p{na, nb.value_or(na), dim, density, OvPlant::kNone, seed};
        if (plant) p.plant = *plant == "yes" ? OvPlant::kPlantYes : OvPlant::kForceNo;
        require_generated_within_budget("random_ov", generated_bytes(p));
        py::gil_scoped_release release;
        return random_ov(p).ov;
      },
      py::arg("na"), py::arg("nb") = py::none(), py::arg("dim"), py::arg("density") = 0.5,
      py::arg("plant") = py::none(), py::arg("seed") = 1,
      "Random OV; plant='yes' plants an orthogonal pair, 'no' guarantees none");
  m.def(
      "planted_gap_hamming",
      [](std::size_t n, std::size_t dim, std::size_t t, double eps, double yes_fraction,
         std::uint64_t seed) {
        const PlantedGapParams p{n, dim, t, eps, yes_fraction, 50, seed};
        require_generated_within_budget("planted_gap_hamming", generated_bytes(p));
        py::gil_scoped_release release;
        return planted_gap_hamming(p).instance;
      },
      py::arg("n") = 256, py::arg("dim") = 64, py::arg("t") = 8, py::arg("eps") = 1.0,
      py::arg("yes_fraction") = 0.5, py::arg("seed") = 1,
      "Planted bichromatic Gap-Hamming, every label checked by brute force");
}

}  // namespace sethkit::python
