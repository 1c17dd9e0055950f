// The causal mask and RoPE in the backend interface (attention/backend.hpp,
// attention/rope.hpp; docs/rope.md): every backend against
// a direct loop-by-loop computation with the mask j <= i + (n_k - n_q)
// (bottom-right) or j <= i (top-left, SDPA's is_causal=True, any n_q and n_k)
// and the RoPE score q_i^T R_(j-i) k_j from the explicit rotation matrices;
// both pair layouts; the refusals.
#include <catch2/catch.hpp>
#include <cmath>

#include "attention/flash_backend.hpp"
#include "attention/registry.hpp"
#include "attention/rope.hpp"
#include "attention/stats.hpp"
#include "core/error.hpp"
#include "core/rng.hpp"
#include "test_seed.hpp"

using namespace sethkit;

namespace {
// softmax over visible keys of scale * score(i, j), times V, straight from the definitions.
Matrix direct(const Matrix& q, const Matrix& k, const Matrix& v, double scale, bool causal,
              const std::optional<Rope>& rope, bool top_left = false) {
  const Eigen::Index n_q = q.rows(), n_k = k.rows();
  const Eigen::Index off = causal && top_left ? 0 : n_k - n_q;
  Matrix out = Matrix::Zero(n_q, v.cols());
  for (Eigen::Index i = 0; i < n_q; ++i) {
    const Eigen::Index visible = causal ? std::min(i + off + 1, n_k) : n_k;
    Vector s(visible);
    for (Eigen::Index j = 0; j < visible; ++j) {
      // query i sits at position i + off, key j at position j: R_(j - (i + off))
      const Matrix r = rope ? rope_matrix(q.cols(), j - (i + off), *rope)
                            : Matrix(Matrix::Identity(q.cols(), q.cols()));
      s(j) = scale * q.row(i).dot(r * k.row(j).transpose());
    }
    const Vector e = (s.array() - s.maxCoeff()).exp();
    for (Eigen::Index j = 0; j < visible; ++j) out.row(i) += e(j) / e.sum() * v.row(j);
  }
  return out;
}
}  // namespace

TEST_CASE("Causal attention matches the masked definition in every backend that takes it",
          "[causal]") {
  Rng rng(test::test_seed("causal", 21));
  const FlashBackend small_tiles(FlashBackend::Precision::kFloat64, {7, 5});
  struct Case {
    Eigen::Index n_q, n_k, d;
  };
  for (Case c : {Case{1, 1, 2}, Case{9, 9, 4}, Case{20, 33, 4}, Case{64, 64, 8}}) {
    INFO("n_q " << c.n_q << " n_k " << c.n_k);
    const Matrix q = uniform_matrix(rng, c.n_q, c.d, 1.5), k = uniform_matrix(rng, c.n_k, c.d, 1.5),
                 v = uniform_matrix(rng, c.n_k, 3, 1.0);
    const AttentionInput in{q, k, v, 0.5, true};
    const Matrix want = direct(q, k, v, 0.5, true, std::nullopt);
    for (const std::string name : {"naive", "flash64", "flash"}) {
      INFO(name);
      const AttentionOutput got = make_backend(name)->run(in);
      CHECK(linf_error(got.out, want) <= std::max(got.error_bound, 1e-12));
    }
    CHECK(linf_error(small_tiles.run(in).out, want) < 1e-12);
    // The mask matters: the last query of a square input sees every key, the first one only key 0.
    if (c.n_q == c.n_k && c.n_q > 1) {
      const Matrix full = make_backend("naive")->run({q, k, v, 0.5}).out;
      CHECK(linf_error(full.bottomRows(1), want.bottomRows(1)) < 1e-12);
      CHECK(linf_error(want.row(0), v.row(0)) < 1e-12);
      CHECK(linf_error(full, want) > 1e-3);
    }
  }
}

TEST_CASE("Top-left causal attention matches the j <= i mask for any n_q and n_k", "[causal]") {
  Rng rng(test::test_seed("top-left causal", 23));
  const FlashBackend small_tiles(FlashBackend::Precision::kFloat64, {7, 5});
  struct Case {
    Eigen::Index n_q, n_k;
  };
  for (Case c : {Case{1, 5}, Case{12, 12}, Case{20, 33}, Case{33, 20}, Case{40, 1}}) {
    for (const std::optional<Rope>& rope :
         {std::optional<Rope>{}, std::optional<Rope>{Rope{100}}}) {
      INFO("n_q " << c.n_q << " n_k " << c.n_k << " rope " << rope.has_value());
      const Matrix q = uniform_matrix(rng, c.n_q, 4, 1.5), k = uniform_matrix(rng, c.n_k, 4, 1.5),
                   v = uniform_matrix(rng, c.n_k, 3, 1.0);
      const AttentionInput in{q, k, v, 0.5, true, rope, CausalAlignment::kTopLeft};
      const Matrix want = direct(q, k, v, 0.5, true, rope, true);
      for (const std::string name : {"naive", "flash64", "flash", "poly"}) {
        INFO(name);
        BackendOptions o;
        o.target_error = 1e-9;
        const AttentionOutput got = make_backend(name, o)->run(in);
        CHECK(linf_error(got.out, want) <= std::max(got.error_bound, 1e-12) + 1e-12);
        if (name == "naive" && c.n_q != c.n_k) {
          CHECK_THAT(got.details, Catch::Contains("top-left causal"));
          CHECK(got.lse.size() == c.n_q);
        }
      }
      CHECK(linf_error(small_tiles.run(in).out, want) < 1e-12);
      // Row 0 sees key 0 alone; a query past the last key sees them all.
      CHECK(linf_error(want.row(0), v.row(0)) < 1e-12);
      if (c.n_q > c.n_k && !rope) {
        const Matrix full = direct(q, k, v, 0.5, false, rope);
        CHECK(linf_error(want.bottomRows(1), full.bottomRows(1)) < 1e-12);
      }
      // Where n_q < n_k the two alignments differ.
      if (c.n_q < c.n_k && c.n_q > 1)
        CHECK(linf_error(want, direct(q, k, v, 0.5, true, rope, false)) > 1e-3);
    }
  }
}

TEST_CASE("Causal refusals", "[causal]") {
  Rng rng(4);
  const Matrix q = uniform_matrix(rng, 8, 4, 0.1), k = uniform_matrix(rng, 5, 4, 0.1),
               v = uniform_matrix(rng, 5, 2, 1.0);
  CHECK_THROWS_WITH(make_backend("naive")->run({q, k, v, 0.25, true}),
                    Catch::Contains("at most as many queries as keys"));
}

TEST_CASE("poly honours the causal mask through running sums", "[causal]") {
  Rng rng(test::test_seed("poly causal", 19));
  BackendOptions o;
  o.target_error = 1e-9;
  const auto poly = make_backend("poly", o);
  struct Case {
    Eigen::Index n_q, n_k;
  };
  // Sizes across poly's block edges; n_q < n_k shifts the mask.
  for (Case c : {Case{1, 1}, Case{37, 37}, Case{300, 300}, Case{150, 700}}) {
    INFO("n_q " << c.n_q << " n_k " << c.n_k);
    const Matrix q = uniform_matrix(rng, c.n_q, 4, 0.5), k = uniform_matrix(rng, c.n_k, 4, 0.5),
                 v = uniform_matrix(rng, c.n_k, 3, 1.0);
    const AttentionOutput got = poly->run({q, k, v, 0.25, true});
    const Matrix want = direct(q, k, v, 0.25, true, std::nullopt);
    CHECK(linf_error(got.out, want) <= got.error_bound + 1e-12);
    CHECK(got.error_bound < 1e-8);
    CHECK_THAT(got.details, Catch::Contains("causal"));
    const Matrix rope_want = direct(q, k, v, 0.25, true, Rope{100});
    const AttentionOutput rope_got = poly->run({q, k, v, 0.25, true, Rope{100}});
    CHECK(linf_error(rope_got.out, rope_want) <= rope_got.error_bound + 1e-12);
  }
}

TEST_CASE("The RoPE pre-rotation identity holds for every position pair", "[rope]") {
  Rng rng(test::test_seed("rope", 23));
  for (RopeLayout layout : {RopeLayout::kInterleaved, RopeLayout::kSplitHalves}) {
    const Rope rope{10000, layout};
    const Matrix q = uniform_matrix(rng, 12, 8, 1.0), k = uniform_matrix(rng, 12, 8, 1.0);
    const Matrix qr = rope_rotate(q, rope), kr = rope_rotate(k, rope);
    double worst = 0;
    for (Eigen::Index i = 0; i < 12; ++i)
      for (Eigen::Index j = 0; j < 12; ++j)
        worst = std::max(worst,
                         std::abs(q.row(i).dot(rope_matrix(8, j - i, rope) * k.row(j).transpose()) -
                                  qr.row(i).dot(kr.row(j))));
    CHECK(worst < 1e-13);
    // R_m is a rotation: norms kept, entries grow by at most sqrt(2), the inverse undoes it.
    CHECK(qr.rowwise().norm().isApprox(q.rowwise().norm(), 1e-13));
    CHECK(max_abs_entry(qr) <= std::sqrt(2.0) * max_abs_entry(q) + 1e-12);
    CHECK(linf_error(rope_rotate(qr, rope, 0, true), q) < 1e-13);
    CHECK(linf_error(rope_matrix(8, 5, rope), rope_matrix(8, 2, rope) * rope_matrix(8, 3, rope)) <
          1e-13);
  }
  // Split halves is interleaved with the coordinates permuted (p, p + d/2) -> (2p, 2p + 1).
  const Matrix x = uniform_matrix(rng, 6, 8, 1.0);
  Eigen::PermutationMatrix<Eigen::Dynamic> perm(8);
  for (int p = 0; p < 4; ++p) {
    perm.indices()[p] = 2 * p;
    perm.indices()[p + 4] = 2 * p + 1;
  }
  const Matrix split = rope_rotate(x, {10000, RopeLayout::kSplitHalves}, 3);
  const Matrix inter = rope_rotate(x * perm.transpose(), {10000, RopeLayout::kInterleaved}, 3);
  CHECK(linf_error(split * perm.transpose(), inter) < 1e-13);
  CHECK_THROWS_WITH(rope_rotate(Matrix::Zero(2, 3), Rope{}), Catch::Contains("even"));
}

TEST_CASE("RoPE attention matches the direct R_(j-i) definition in every backend", "[rope]") {
  Rng rng(test::test_seed("rope attention", 29));
  for (bool causal : {false, true})
    for (RopeLayout layout : {RopeLayout::kInterleaved, RopeLayout::kSplitHalves}) {
      const Rope rope{100, layout};  // a small base turns the high frequencies fast
      const Matrix q = uniform_matrix(rng, 24, 8, 1.0), k = uniform_matrix(rng, 40, 8, 1.0),
                   v = uniform_matrix(rng, 40, 3, 1.0);
      const AttentionInput in{q, k, v, 0.125, causal, rope};
      const Matrix want = direct(q, k, v, 0.125, causal, rope);
      CHECK(linf_error(want, direct(q, k, v, 0.125, causal, std::nullopt)) > 1e-4);
      for (const auto& name : backend_names()) {
        if (is_approximate_backend(name)) continue;  // at full budget: test_approximate_backends
        if (name == "conv") {
          // conv needs n_q = n_k and structured scores (test_conv.cpp)
          CHECK_THROWS_AS(make_backend(name)->run(in), ContractError);
          continue;
        }
        INFO(name << " causal " << causal << " " << to_string(layout));
        const AttentionOutput got = make_backend(name)->run(in);
        CHECK(linf_error(got.out, want) <= std::max(got.error_bound, 1e-12));
        CHECK_THAT(got.details, Catch::Contains("RoPE"));
      }
    }
}
