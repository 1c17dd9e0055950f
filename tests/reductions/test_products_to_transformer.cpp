// L H matrix products read off one gradient (reductions/
// products_to_transformer.hpp, docs/reductions/products_to_transformer.md): every product
// reproduced exactly after rounding, for several (L, H), N, entry ranges and
// both MLP modes; the forward output holds only the sum of the attention
// matrices; products come back in head order; bad inputs are refused.
#include <catch2/catch.hpp>
#include <cmath>

#include "attention/registry.hpp"
#include "attention/stats.hpp"
#include "core/error.hpp"
#include "core/rng.hpp"
#include "reductions/products_to_transformer.hpp"
#include "test_seed.hpp"

using namespace sethkit;

namespace {
std::vector<MatrixProduct> random_products(Rng& rng, std::size_t count, Eigen::Index n, int lo,
                                           int hi) {
  std::vector<MatrixProduct> out;
  for (std::size_t k = 0; k < count; ++k)
    out.push_back({integer_matrix(rng, n, n, lo, hi), integer_matrix(rng, n, n, lo, hi)});
  return out;
}
}  // namespace

TEST_CASE("Every product comes back exactly from one gradient", "[baur-strassen]") {
  Rng rng(test::test_seed("baur-strassen", 17));
  struct Shape {
    std::size_t layers, heads;
  };
  for (Shape s : {Shape{1, 1}, Shape{2, 2}, Shape{3, 1}, Shape{1, 3}})
    for (Eigen::Index n : {1, 5, 12})
      for (MlpMode mode : {MlpMode::kResid, MlpMode::kPlain})
        for (auto [lo, hi] : {std::pair{0, 1}, std::pair{-3, 3}}) {
          INFO("L " << s.layers << " H " << s.heads << " N " << n << " " << to_string(mode)
                    << " entries " << lo << ".." << hi);
          const auto products = random_products(rng, s.layers * s.heads, n, lo, hi);
          ProductsToTransformerParams p;
          p.layers = s.layers;
          p.heads = s.heads;
          p.mlp_mode = mode;
          const ProductsTransformer t = encode_products(products, p);
          CHECK(t.x.rows() == n + 1);
          CHECK(t.model.width == 2 * n + 3);
          const TransformerGradient g = transformer_gradient(t.model, t.x, t.upstream);
          const auto got = extract_products(t, g);
          REQUIRE(got.size() == products.size());
          for (std::size_t k = 0; k < got.size(); ++k) {
            const Matrix want = products[k].a * products[k].b;
            CHECK(linf_error(got[k], want) < 1e-6);
            CHECK(Matrix(got[k].array().round()) == want);
          }
        }
}

TEST_CASE("The forward output holds only the sum of the attention matrices", "[baur-strassen]") {
  Rng rng(5);
  const Eigen::Index n = 6;
  const auto products = random_products(rng, 4, n, 0, 1);
  ProductsToTransformerParams p;
  p.layers = 2;
  p.heads = 2;
  const ProductsTransformer t = encode_products(products, p);
  Matrix sum = Matrix::Zero(n, n);
  for (std::size_t k = 0; k < 4; ++k) {
    Matrix s(n, n + 1);
    s.leftCols(n) = products[k].a * products[k].b;
    s.col(n).setConstant(t.anchors[k]);
    const Matrix e = (s.colwise() - s.rowwise().maxCoeff()).array().exp().matrix();
    const Matrix prob = e.array().colwise() / e.rowwise().sum().array();
    sum += prob.leftCols(n);
  }
  const Matrix out = transformer_forward(t.model, t.x, *make_backend("naive"));
  CHECK(linf_error(out.block(0, n, n, n), sum) < 1e-12);
  // The identity, CONST and ANCH columns pass through unchanged.
  CHECK(out.leftCols(n) == t.x.leftCols(n));
  CHECK(out.rightCols(3) == t.x.rightCols(3));
}

TEST_CASE("Products come back in head order, each from its own head", "[baur-strassen]") {
  Rng rng(8);
  const Eigen::Index n = 5;
  auto products = random_products(rng, 3, n, 0, 2);
  ProductsToTransformerParams p;
  p.layers = 3;
  const ProductsTransformer t = encode_products(products, p);
  const auto got = extract_products(t, transformer_gradient(t.model, t.x, t.upstream));
  for (std::size_t k = 0; k < 3; ++k)
    for (std::size_t j = 0; j < 3; ++j) {
      const Matrix want = products[j].a * products[j].b;
      if (j == k)
        CHECK(Matrix(got[k].array().round()) == want);
      else if (want != products[k].a * products[k].b)
        CHECK(Matrix(got[k].array().round()) != want);
    }
}

TEST_CASE("The product construction refuses bad inputs", "[baur-strassen]") {
  Rng rng(1);
  ProductsToTransformerParams p;
  p.layers = 2;
  CHECK_THROWS_WITH(encode_products(random_products(rng, 3, 4, 0, 1), p),
                    Catch::Contains("3 products for L H = 2"));
  auto products = random_products(rng, 2, 4, 0, 1);
  products[1].b = Matrix::Zero(4, 3);
  CHECK_THROWS_WITH(encode_products(products, p), Catch::Contains("product 1 is not 4 x 4"));
  products = random_products(rng, 2, 4, 0, 1);
  products[0].a(1, 1) = NAN;
  CHECK_THROWS_WITH(encode_products(products, p), Catch::Contains("non-finite"));
  products = random_products(rng, 2, 8, 50, 60);
  CHECK_THROWS_WITH(encode_products(products, p), Catch::Contains("double range"));
}
