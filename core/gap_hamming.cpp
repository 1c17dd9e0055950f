#include "core/gap_hamming.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <limits>

#include "core/error.hpp"
#include "core/file_io.hpp"
#include "core/packed_rows.hpp"
#include "core/progress.hpp"

namespace sethkit {

std::size_t hamming_distance(std::span<const std::uint8_t> u, std::span<const std::uint8_t> v) {
  require(u.size() == v.size(), "hamming_distance: vectors of different lengths");
  std::size_t h = 0;
  for (std::size_t k = 0; k < u.size(); ++k) h += (u[k] != v[k]) ? 1 : 0;
  return h;
}

GapLabel label_for_distance(const GapHamming& g, std::size_t nearest) {
  if (nearest <= g.t) return GapLabel::kYes;
  if (static_cast<double>(nearest) >= g.no_distance()) return GapLabel::kNo;
  return GapLabel::kOutside;
}

std::vector<std::size_t> nearest_distances(const OvInstance& points) {
  const PackedRows a(points, true), b(points, false);
  std::vector<std::size_t> nearest(points.n_a(), std::numeric_limits<std::size_t>::max());
  ProgressLine progress("nearest Hamming distances: rows of A");
#pragma omp parallel for schedule(dynamic, 16)
  for (std::int64_t i = 0; i < static_cast<std::int64_t>(a.rows()); ++i) {
    progress.advance(a.rows());
    const std::uint64_t* x = a.row(static_cast<std::size_t>(i));
    std::size_t best = std::numeric_limits<std::size_t>::max();
    for (std::size_t j = 0; j < b.rows(); ++j) {
      const std::uint64_t* y = b.row(j);
      std::size_t h = 0;
      for (std::size_t w = 0; w < a.words(); ++w)
        h += static_cast<std::size_t>(std::popcount(x[w] ^ y[w]));
      best = std::min(best, h);
    }
    nearest[static_cast<std::size_t>(i)] = best;
  }
  return nearest;
}

GapHamming parse_gap_hamming(const std::string& text, const std::string& name,
                             const OvReadOptions& options) {
  OvFile file = parse_ov(text, name, options);
  if (!file.gap)
    throw InputError(name,
                     "expected a 'p gap-hamming <nA> <nB> <d> <t> <eps>' header, found 'p ov'");
  GapHamming g;
  g.points = std::move(file.instance);
  g.t = file.gap->t;
  g.eps = file.gap->eps;
  g.labels.assign(g.points.n_a(), GapLabel::kUnknown);
  for (const auto& [i, yes] : file.labels) g.labels[i] = yes ? GapLabel::kYes : GapLabel::kNo;
  return g;
}

GapHamming read_gap_hamming(const std::string& path, const OvReadOptions& options) {
  return parse_gap_hamming(read_text_file(path), path, options);
}

std::string format_gap_hamming(const GapHamming& g, const Provenance& provenance) {
  std::string text = format_ov(g.points, provenance);
  std::string labels;
  for (std::size_t i = 0; i < g.labels.size(); ++i)
    if (g.labels[i] == GapLabel::kYes || g.labels[i] == GapLabel::kNo)
      labels += fmt::format("c label {} {}\n", i, g.labels[i] == GapLabel::kYes ? "yes" : "no");
  const std::string ov_header =
      fmt::format("p ov {} {} {}\n", g.points.n_a(), g.points.n_b(), g.points.d());
  const auto at = text.find(ov_header);
  text.replace(at, ov_header.size(),
               labels + fmt::format("p gap-hamming {} {} {} {} {}\n", g.points.n_a(),
                                    g.points.n_b(), g.points.d(), g.t, g.eps));
  return text;
}

}  // namespace sethkit
