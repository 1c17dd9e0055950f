#include "solvers/three_ov_solver.hpp"

#include <limits>
#include <vector>
#include "core/progress.hpp"

namespace sethkit {

namespace {
std::vector<std::uint64_t> pack(std::size_t rows, std::size_t words, std::size_t d, auto&& row) {
  std::vector<std::uint64_t> out(rows * words, 0);
  for (std::size_t r = 0; r < rows; ++r) {
    const auto v = row(r);
    for (std::size_t t = 0; t < d; ++t)
      if (v[t]) out[r * words + t / 64] |= 1ULL << (t % 64);
  }
  return out;
}
}  // namespace

ThreeOvAnswer solve_three_ov(const ThreeOvInstance& in) {
  const std::size_t d = in.d(), words = (d + 63) / 64;
  const auto a = pack(in.n_a(), words, d, [&](std::size_t i) { return in.a(i); });
  const auto b = pack(in.n_b(), words, d, [&](std::size_t j) { return in.b(j); });
  const auto c = pack(in.n_c(), words, d, [&](std::size_t k) { return in.c(k); });
  const std::size_t none = std::numeric_limits<std::size_t>::max();
  std::vector<std::size_t> first_j(in.n_a(), none), first_k(in.n_a(), none);
  const auto n_a = static_cast<long>(in.n_a());
  ProgressLine progress("ground truth (3ov-bitpacked): vectors of A");
#pragma omp parallel
  {
    std::vector<std::uint64_t> ab(words);
#pragma omp for schedule(dynamic)
    for (long si = 0; si < n_a; ++si) {
      progress.advance(in.n_a());
      const auto i = static_cast<std::size_t>(si);
      for (std::size_t j = 0; j < in.n_b() && first_j[i] == none; ++j) {
        for (std::size_t w = 0; w < words; ++w) ab[w] = a[i * words + w] & b[j * words + w];
        for (std::size_t k = 0; k < in.n_c(); ++k) {
          std::uint64_t any = 0;
          for (std::size_t w = 0; w < words; ++w) any |= ab[w] & c[k * words + w];
          if (any == 0) {
            first_j[i] = j;
            first_k[i] = k;
            break;
          }
        }
      }
    }
  }
  ThreeOvAnswer out;
  for (std::size_t i = 0; i < in.n_a(); ++i)
    if (first_j[i] != none) {
      out.triple = Triple{i, first_j[i], first_k[i]};
      out.triples_checked = (i * in.n_b() + first_j[i]) * in.n_c() + first_k[i] + 1;
      return out;
    }
  out.triples_checked = in.n_a() * in.n_b() * in.n_c();
  return out;
}

std::vector<std::size_t> witness_counts(const ThreeOvInstance& in, std::size_t i) {
  std::vector<std::size_t> counts(in.n_c(), 0);
  for (std::size_t k = 0; k < in.n_c(); ++k)
    for (std::size_t j = 0; j < in.n_b(); ++j)
      counts[k] += triple_product(in.a(i), in.b(j), in.c(k)) == 0;
  return counts;
}

}  // namespace sethkit
