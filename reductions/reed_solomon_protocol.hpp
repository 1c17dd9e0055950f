// The Reed-Solomon Merlin-Arthur protocol for set disjointness, the heart of
// the distributed PCP of Abboud, Rubinstein and Williams (FOCS 2017), after
// Aaronson and Wigderson's protocol (docs/reductions/ov_to_gap_max_ip.md has
// the proofs). The m coordinates
// of a, b in {0,1}^m sit on a k x l grid (coordinate t at row t mod k + 1,
// column t div k; zeros pad m up to k l). Over F_q, q prime with
// q > max(l, 2k - 2):
//   A_y, B_y   the polynomials of degree <= k - 1 with A_y(x) = a(x, y) for
//              x = 1..k (column y of the grid, Lagrange interpolation);
//   P          = sum_y A_y B_y, of degree <= 2k - 2, with P(x) = the common
//              ones of row x (an integer <= l < q), so a and b are disjoint
//              iff P vanishes on 1..k;
//   hints      psi = Z g, Z = (X - 1)...(X - k), deg g <= k - 2: the q^(k-1)
//              polynomials of degree <= 2k - 2 vanishing on 1..k, hint h
//              having g's coefficients as its base-q digits;
//   verifier   at r in F_q, accepts iff psi(r) = sum_y A_y(r) B_y(r).
// Disjoint a, b with psi = P: every r accepts. Otherwise psi != P, and two
// distinct polynomials of degree <= 2k - 2 agree on at most 2k - 2 points.
// Polynomial arithmetic is FLINT's nmod_poly.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace sethkit {

// Coefficients over F_q, lowest degree first, without trailing zeros (the
// zero polynomial is empty).
using FieldPoly = std::vector<std::uint64_t>;

// The protocol's parameters for vectors of m coordinates.
struct ProtocolShape {
  std::size_t m = 0;  // coordinates
  std::size_t k = 0;  // grid rows: evaluation points 1..k
  std::size_t l = 0;  // grid columns: ceil(m / k) polynomials a side
  std::size_t q = 0;  // the field's size, a prime > max(l, 2k - 2)

  std::size_t hints() const;    // q^(k-1)
  std::size_t symbols() const;  // q^(l+1): one verifier's view (mu, v) in F_q^l x F_q
  std::size_t dim() const;      // q symbols: q^(l+2)
  std::size_t accept_all() const { return q; }              // the honest hint's accepting r's
  std::size_t accept_at_most() const { return 2 * k - 2; }  // any other hint's
};

// The shape for m coordinates: k = default_grid_rows(m) when `k` is 0, l =
// ceil(m / k), q = the smallest prime above max(l, 2k - 2) when `q` is 0. Throws
// ContractError (naming `what`) for m = 0, k outside [1, m], a q that is not
// a prime above max(l, 2k - 2), or q^(l+2) or q^(k-1) beyond 2^62.
ProtocolShape protocol_shape(std::size_t m, std::size_t k, std::size_t q, const char* what);

// The k whose shape (with the least q) makes Alice's vectors for one source
// vector smallest, q^(k-1) hints times q^(l+2) coordinates = q^(k+l+1); a
// tie goes to the smaller dimension q^(l+2). (2 for m = 4, 3 for m = 8 or 12,
// 4 for m = 16; sethkit's rule, not the paper's.)
std::size_t default_grid_rows(std::size_t m);

// The smallest prime strictly above n.
std::uint64_t next_prime_above(std::uint64_t n);

class ReedSolomonProtocol {
 public:
  explicit ReedSolomonProtocol(ProtocolShape shape);
  const ProtocolShape& shape() const { return shape_; }

  // The l column polynomials of a 0/1 vector of m coordinates.
  std::vector<FieldPoly> column_polynomials(std::span<const std::uint8_t> vec) const;
  // values[r * l + y] = the column polynomial y at r, for every r in F_q.
  std::vector<std::uint32_t> column_values(std::span<const std::uint8_t> vec) const;
  // P = sum_y A_y B_y.
  FieldPoly product(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) const;
  // Hint h (0 <= h < hints()) as a polynomial, and its value at every r.
  FieldPoly hint_polynomial(std::size_t h) const;
  std::vector<std::uint32_t> hint_values(std::size_t h) const;
  // The hint equal to P when a and b are disjoint (P vanishes on 1..k); none otherwise.
  std::optional<std::size_t> honest_hint(std::span<const std::uint8_t> a,
                                         std::span<const std::uint8_t> b) const;
  // The r in F_q at which the verifier accepts a's message, hint h and b's message.
  std::vector<std::size_t> accepting(std::span<const std::uint8_t> a, std::size_t h,
                                     std::span<const std::uint8_t> b) const;
  // The value of a polynomial at r.
  std::uint64_t evaluate(const FieldPoly& p, std::uint64_t r) const;

 private:
  ProtocolShape shape_;
  FieldPoly vanishing_;  // Z = (X - 1)...(X - k)
};

}  // namespace sethkit
