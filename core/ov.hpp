// Orthogonal Vectors instances: sets A (n_a vectors) and B (n_b vectors) in
// {0,1}^d; the question is whether some a_i, b_j have <a_i, b_j> = 0.
// OV is the hub of SETH-hardness in P (Williams 2005): CNF-SAT reduces to it
// by split-and-list, and it reduces to attention (docs/reductions/cnf_to_ov.md,
// ov_to_attention.md). Vectors are stored row-major as one byte per coordinate; solvers that need
// speed pack them into 64-bit words themselves.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

namespace sethkit {

class OvInstance {
 public:
  OvInstance() = default;
  // All-zero vectors of the given sizes. Throws ContractError if d == 0.
  OvInstance(std::size_t n_a, std::size_t n_b, std::size_t d);

  std::size_t n_a() const { return n_a_; }
  std::size_t n_b() const { return n_b_; }
  std::size_t d() const { return d_; }

  std::span<const std::uint8_t> a(std::size_t i) const { return {a_.data() + i * d_, d_}; }
  std::span<const std::uint8_t> b(std::size_t j) const { return {b_.data() + j * d_, d_}; }
  std::span<std::uint8_t> a(std::size_t i) { return {a_.data() + i * d_, d_}; }
  std::span<std::uint8_t> b(std::size_t j) { return {b_.data() + j * d_, d_}; }

  // Known answers carried by a file or a generator (docs/formats.md).
  std::vector<std::pair<std::size_t, std::size_t>> planted;
  std::optional<bool> known_answer;

  bool operator==(const OvInstance& other) const = default;

 private:
  std::size_t n_a_ = 0, n_b_ = 0, d_ = 0;
  std::vector<std::uint8_t> a_, b_;
};

// <u, v> for 0/1 vectors of equal length.
std::size_t inner_product(std::span<const std::uint8_t> u, std::span<const std::uint8_t> v);

// The most ones in one vector of side A (side_a) or side B; 0 for an empty side.
std::size_t max_weight(const OvInstance& ov, bool side_a);
// The fewest ones in one vector of a side; 0 for an empty side.
std::size_t least_weight(const OvInstance& ov, bool side_a);

}  // namespace sethkit
