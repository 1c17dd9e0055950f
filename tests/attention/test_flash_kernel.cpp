// The fused streaming kernel (attention/flash_kernel.hpp; docs/backends.md,
// flash): output, log-sum-exp and largest |logit| against the definition for
// tile shapes that do and do not divide n, logits far beyond exp's range
// (every exponent is shifted to <= 0), and a NaN or infinite logit in a late
// tile reported as overflow rather than written out.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "attention/flash_kernel.hpp"
#include "attention/stats.hpp"
#include "core/rng.hpp"
#include "test_seed.hpp"

using namespace sethkit;

namespace {
struct Reference {
  Matrix out;
  Vector lse;
  double max_abs = 0;
};

Reference reference(const Matrix& q, const Matrix& k, const Matrix& v, double scale) {
  Reference r{Matrix(q.rows(), v.cols()), Vector(q.rows())};
  const Matrix s = scale * q * k.transpose();
  r.max_abs = s.cwiseAbs().maxCoeff();
  for (Eigen::Index i = 0; i < q.rows(); ++i) {
    const double m = s.row(i).maxCoeff();
    const Eigen::RowVectorXd e = (s.row(i).array() - m).exp().matrix();
    r.out.row(i) = e * v / e.sum();
    r.lse(i) = m + std::log(e.sum());
  }
  return r;
}
}  // namespace

TEST_CASE("flash's fused kernel matches the definition for every tile shape", "[flash]") {
  Rng rng(test::test_seed("flash-kernel", 5));
  const Matrix q = uniform_matrix(rng, 37, 6, 2.0), k = uniform_matrix(rng, 53, 6, 2.0),
               v = uniform_matrix(rng, 53, 3, 1.0);
  const Reference want = reference(q, k, v, 0.7);
  for (FlashTiles tiles : {FlashTiles{1, 1}, FlashTiles{4, 7}, FlashTiles{37, 53},
                           FlashTiles{128, 512}, FlashTiles{5, 1000}}) {
    INFO("tiles " << tiles.block_q << " x " << tiles.block_k);
    const auto got = flash_attention<double>(q, k, v, 0.7, tiles);
    CHECK_FALSE(got.overflow);
    CHECK(linf_error(got.out, want.out) < 1e-12);
    CHECK((got.lse - want.lse).cwiseAbs().maxCoeff() < 1e-12);
    CHECK(std::abs(got.max_abs_logit - want.max_abs) < 1e-12);
  }
}

TEST_CASE("flash shifts every exponent, so logits far beyond exp's range stay exact", "[flash]") {
  Rng rng(test::test_seed("flash-kernel-large", 6));
  // Logits of size about 1e4: exp of them overflows double, the shifted exps do not.
  const Matrix q = uniform_matrix(rng, 20, 4, 100.0), k = uniform_matrix(rng, 30, 4, 100.0),
               v = uniform_matrix(rng, 30, 2, 1.0);
  const Reference want = reference(q, k, v, 1.0);
  REQUIRE(want.max_abs > 1000);
  const auto got = flash_attention<double>(q, k, v, 1.0, {3, 8});
  CHECK_FALSE(got.overflow);
  CHECK(got.out.allFinite());
  CHECK(linf_error(got.out, want.out) < 1e-9);
  CHECK((got.lse - want.lse).cwiseAbs().maxCoeff() / want.lse.cwiseAbs().maxCoeff() < 1e-12);
}

TEST_CASE("A logit that is not finite, in any tile, is reported as overflow", "[flash]") {
  Rng rng(test::test_seed("flash-kernel-overflow", 7));
  const auto make = [&] {
    return std::array<RowMatrix<float>, 3>{uniform_matrix(rng, 16, 4, 1.0).cast<float>(),
                                           uniform_matrix(rng, 40, 4, 1.0).cast<float>(),
                                           uniform_matrix(rng, 40, 2, 1.0).cast<float>()};
  };
  for (float bad : {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity(),
                    -std::numeric_limits<float>::infinity(), 3e38f}) {
    INFO("bad key entry " << bad);
    auto [q, k, v] = make();
    k(37, 1) = bad;  // in the last key tile of 8; 3e38 times the scale 10 overflows float
    const auto got = flash_attention<float>(q, k, v, 10.0f, {4, 8});
    CHECK(got.overflow);
  }
  auto [q, k, v] = make();
  CHECK_FALSE(flash_attention<float>(q, k, v, 10.0f, {4, 8}).overflow);
}
