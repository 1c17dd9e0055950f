// Unbalanced 3-OV (docs/reductions/cnf_to_three_ov.md): sets A (n_a), B (n_b) and
// C (n_c) of 0/1 vectors in {0,1}^d; is there a triple (i, j, k) with
// sum_t a_i[t] b_j[t] c_k[t] = 0? Under SETH, sizes N, N, K need
// (N^2 K)^(1-o(1)) time (split-and-list with an unequal split); it is the
// source problem of the transformer lower bound of Saha, Xu, Ye, Yu (2026),
// whose K = L H heads each hold one c_k. Vectors are row-major, one byte per
// coordinate; the solver packs them itself.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace sethkit {

struct Triple {
  std::size_t i = 0, j = 0, k = 0;
  bool operator==(const Triple&) const = default;
};

class ThreeOvInstance {
 public:
  ThreeOvInstance() = default;
  // All-zero vectors of the given sizes. Throws ContractError if d == 0.
  ThreeOvInstance(std::size_t n_a, std::size_t n_b, std::size_t n_c, std::size_t d);

  std::size_t n_a() const { return n_a_; }
  std::size_t n_b() const { return n_b_; }
  std::size_t n_c() const { return n_c_; }
  std::size_t d() const { return d_; }

  std::span<const std::uint8_t> a(std::size_t i) const { return {a_.data() + i * d_, d_}; }
  std::span<const std::uint8_t> b(std::size_t j) const { return {b_.data() + j * d_, d_}; }
  std::span<const std::uint8_t> c(std::size_t k) const { return {c_.data() + k * d_, d_}; }
  std::span<std::uint8_t> a(std::size_t i) { return {a_.data() + i * d_, d_}; }
  std::span<std::uint8_t> b(std::size_t j) { return {b_.data() + j * d_, d_}; }
  std::span<std::uint8_t> c(std::size_t k) { return {c_.data() + k * d_, d_}; }

  std::vector<Triple> planted;
  std::optional<bool> known_answer;

 private:
  std::size_t n_a_ = 0, n_b_ = 0, n_c_ = 0, d_ = 0;
  std::vector<std::uint8_t> a_, b_, c_;
};

// sum_t u[t] v[t] w[t] for 0/1 vectors of equal length.
std::size_t triple_product(std::span<const std::uint8_t> u, std::span<const std::uint8_t> v,
                           std::span<const std::uint8_t> w);

// True iff the triple's indices are in range and its product is 0 (the checker).
bool is_orthogonal_triple(const ThreeOvInstance& instance, const Triple& t);

}  // namespace sethkit
