#include "reductions/reed_solomon_protocol.hpp"

#include <flint/nmod_poly.h>
#include <flint/ulong_extras.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/error.hpp"

namespace sethkit {

namespace {
constexpr std::size_t kMaxCount = std::size_t{1} << 62;

// q^e, or kMaxCount + 1 once it passes kMaxCount.
std::size_t power_capped(std::size_t q, std::size_t e) {
  std::size_t p = 1;
  for (std::size_t i = 0; i < e; ++i) {
    if (p > kMaxCount / q) return kMaxCount + 1;
    p *= q;
  }
  return p;
}

// An nmod_poly_t that clears itself.
class Poly {
 public:
  explicit Poly(std::uint64_t q) { nmod_poly_init(p_, q); }
  Poly(std::uint64_t q, const FieldPoly& coefficients) : Poly(q) {
    for (std::size_t t = 0; t < coefficients.size(); ++t)
      nmod_poly_set_coeff_ui(p_, static_cast<slong>(t), coefficients[t]);
  }
  Poly(const Poly&) = delete;
  Poly& operator=(const Poly&) = delete;
  ~Poly() { nmod_poly_clear(p_); }
  nmod_poly_struct* get() { return p_; }
  const nmod_poly_struct* get() const { return p_; }
  FieldPoly coefficients() const {
    FieldPoly out(static_cast<std::size_t>(nmod_poly_length(p_)));
    for (std::size_t t = 0; t < out.size(); ++t)
      out[t] = nmod_poly_get_coeff_ui(p_, static_cast<slong>(t));
    return out;
  }

 private:
  nmod_poly_t p_;
};
}  // namespace

std::size_t ProtocolShape::hints() const {
  return power_capped(q, k - 1);
}
std::size_t ProtocolShape::symbols() const {
  return power_capped(q, l + 1);
}
std::size_t ProtocolShape::dim() const {
  return power_capped(q, l + 2);
}

std::uint64_t next_prime_above(std::uint64_t n) {
  return n_nextprime(n, 1);
}

std::size_t default_grid_rows(std::size_t m) {
  std::size_t best = 1;
  double best_size = INFINITY, best_dim = INFINITY;
  for (std::size_t k = 1; k <= std::max<std::size_t>(m, 1); ++k) {
    const std::size_t l = (m + k - 1) / k;
    const double log_q = std::log(static_cast<double>(next_prime_above(std::max(l, 2 * k - 2))));
    const double size = static_cast<double>(k + l + 1) * log_q;
    const double dim = static_cast<double>(l + 2) * log_q;
    if (size < best_size - 1e-9 || (size < best_size + 1e-9 && dim < best_dim)) {
      best = k;
      best_size = size;
      best_dim = dim;
    }
  }
  return best;
}

ProtocolShape protocol_shape(std::size_t m, std::size_t k, std::size_t q, const char* what) {
  require(m >= 1, fmt::format("{}: the vectors need at least one coordinate", what));
  ProtocolShape s;
  s.m = m;
  s.k = k ? k : default_grid_rows(m);
  require(s.k >= 1 && s.k <= m,
          fmt::format("{}: k = {} grid rows for m = {} coordinates; expected 1 <= k <= m", what,
                      s.k, m));
  s.l = (m + s.k - 1) / s.k;
  const std::size_t floor_q = std::max(s.l, 2 * s.k - 2);
  s.q = q ? q : next_prime_above(floor_q);
  require(s.q > floor_q && s.q < (std::size_t{1} << 31) && n_is_prime(s.q),
          fmt::format("{}: q = {} must be a prime above max(l, 2k - 2) = {} (k = {}, l = {})", what,
                      s.q, floor_q, s.k, s.l));
  require(s.dim() <= kMaxCount && s.hints() <= kMaxCount,
          fmt::format("{}: q^(l+2) = {}^{} or q^(k-1) = {}^{} is beyond 2^62", what, s.q, s.l + 2,
                      s.q, s.k - 1));
  return s;
}

ReedSolomonProtocol::ReedSolomonProtocol(ProtocolShape shape) : shape_(shape) {
  std::vector<mp_limb_t> roots(shape_.k);
  for (std::size_t x = 0; x < shape_.k; ++x) roots[x] = x + 1;
  Poly z(shape_.q);
  nmod_poly_product_roots_nmod_vec(z.get(), roots.data(), static_cast<slong>(shape_.k));
  vanishing_ = z.coefficients();
}

std::vector<FieldPoly> ReedSolomonProtocol::column_polynomials(
    std::span<const std::uint8_t> vec) const {
  require(vec.size() == shape_.m, "reed-solomon protocol: a vector of the wrong length");
  const std::size_t k = shape_.k;
  std::vector<mp_limb_t> xs(k), ys(k);
  for (std::size_t x = 0; x < k; ++x) xs[x] = x + 1;
  std::vector<FieldPoly> out;
  for (std::size_t y = 0; y < shape_.l; ++y) {
    for (std::size_t x = 0; x < k; ++x) {
      const std::size_t t = y * k + x;
      ys[x] = t < shape_.m && vec[t] ? 1 : 0;
    }
    Poly p(shape_.q);
    nmod_poly_interpolate_nmod_vec(p.get(), xs.data(), ys.data(), static_cast<slong>(k));
    out.push_back(p.coefficients());
  }
  return out;
}

std::uint64_t ReedSolomonProtocol::evaluate(const FieldPoly& p, std::uint64_t r) const {
  std::uint64_t v = 0;  // Horner; q < 2^31 keeps every product below 2^62
  for (std::size_t t = p.size(); t-- > 0;) v = (v * r + p[t]) % shape_.q;
  return v;
}

std::vector<std::uint32_t> ReedSolomonProtocol::column_values(
    std::span<const std::uint8_t> vec) const {
  const std::vector<FieldPoly> columns = column_polynomials(vec);
  std::vector<std::uint32_t> values(shape_.q * shape_.l);
  for (std::size_t r = 0; r < shape_.q; ++r)
    for (std::size_t y = 0; y < shape_.l; ++y)
      values[r * shape_.l + y] = static_cast<std::uint32_t>(evaluate(columns[y], r));
  return values;
}

FieldPoly ReedSolomonProtocol::product(std::span<const std::uint8_t> a,
                                       std::span<const std::uint8_t> b) const {
  const std::vector<FieldPoly> ca = column_polynomials(a), cb = column_polynomials(b);
  Poly sum(shape_.q), term(shape_.q);
  for (std::size_t y = 0; y < shape_.l; ++y) {
    const Poly pa(shape_.q, ca[y]), pb(shape_.q, cb[y]);
    nmod_poly_mul(term.get(), pa.get(), pb.get());
    nmod_poly_add(sum.get(), sum.get(), term.get());
  }
  return sum.coefficients();
}

FieldPoly ReedSolomonProtocol::hint_polynomial(std::size_t h) const {
  require(h < shape_.hints(), "reed-solomon protocol: hint index beyond q^(k-1)");
  FieldPoly g(shape_.k - 1);
  for (std::size_t t = 0; t + 1 < shape_.k; ++t, h /= shape_.q) g[t] = h % shape_.q;
  const Poly pg(shape_.q, g), pz(shape_.q, vanishing_);
  Poly psi(shape_.q);
  nmod_poly_mul(psi.get(), pg.get(), pz.get());
  return psi.coefficients();
}

std::vector<std::uint32_t> ReedSolomonProtocol::hint_values(std::size_t h) const {
  const FieldPoly psi = hint_polynomial(h);
  std::vector<std::uint32_t> values(shape_.q);
  for (std::size_t r = 0; r < shape_.q; ++r)
    values[r] = static_cast<std::uint32_t>(evaluate(psi, r));
  return values;
}

std::optional<std::size_t> ReedSolomonProtocol::honest_hint(std::span<const std::uint8_t> a,
                                                            std::span<const std::uint8_t> b) const {
  const Poly p(shape_.q, product(a, b)), z(shape_.q, vanishing_);
  Poly g(shape_.q), rest(shape_.q);
  nmod_poly_divrem(g.get(), rest.get(), p.get(), z.get());
  if (!nmod_poly_is_zero(rest.get())) return std::nullopt;
  const FieldPoly coefficients = g.coefficients();
  std::size_t h = 0;
  for (std::size_t t = coefficients.size(); t-- > 0;) h = h * shape_.q + coefficients[t];
  return h;
}

std::vector<std::size_t> ReedSolomonProtocol::accepting(std::span<const std::uint8_t> a,
                                                        std::size_t h,
                                                        std::span<const std::uint8_t> b) const {
  const std::vector<std::uint32_t> va = column_values(a), vb = column_values(b),
                                   psi = hint_values(h);
  std::vector<std::size_t> out;
  for (std::size_t r = 0; r < shape_.q; ++r) {
    std::uint64_t sum = 0;
    for (std::size_t y = 0; y < shape_.l; ++y)
      sum = (sum + std::uint64_t{va[r * shape_.l + y]} * vb[r * shape_.l + y]) % shape_.q;
    if (sum == psi[r]) out.push_back(r);
  }
  return out;
}

}  // namespace sethkit
