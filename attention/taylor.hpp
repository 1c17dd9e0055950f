// Taylor degree rule of the polynomial method (docs/backends.md;
// derived for sethkit and checked numerically there).
//
// P_g(x) = sum_{t <= g} x^t / t! approximates e^x on [-R, R] with relative
// error at most e^R R^(g+1) / (g+1)! (Lagrange remainder). The degree rule
// takes the smallest g meeting a target relative error. The feature space of
// P_g(<q, k>) has the tight rank r = C(d + g, g) (matched monomials only),
// against the bound C(2(g + d), 2g) attributed to Alman & Song (unverified).
#pragma once

#include <cstdint>

namespace sethkit {

// e^R R^(g+1) / (g+1)!, computed in log space; 0 when R == 0.
double taylor_relative_error(double radius, int degree);

// The smallest g >= 0 with taylor_relative_error(R, g) <= eps, or -1 if none
// up to max_degree.
int taylor_degree(double radius, double eps, int max_degree = 200);

// C(n, k), saturating at UINT64_MAX.
std::uint64_t binomial(std::uint64_t n, std::uint64_t k);

}  // namespace sethkit
