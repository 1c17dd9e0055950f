// CNF -> 3-OV -> transformer: the split with padding against brute-force SAT,
// the 3-OV solver against a plain triple loop, and the whole chain against
// CaDiCaL and brute-force 3-OV on random 3-CNFs, YES and NO, for several
// (L, H), softmax and hardmax, both MLP modes; witnesses through the checker;
// noise just under the tolerance changes nothing.
#include <catch2/catch.hpp>

#include "chain/executor.hpp"
#include "core/verify.hpp"
#include "instances/random_cnf.hpp"
#include "reductions/cnf_to_three_ov.hpp"
#include "solvers/brute_force_sat.hpp"
#include "solvers/three_ov_solver.hpp"
#include "test_seed.hpp"

using namespace sethkit;

namespace {
bool any_triple(const ThreeOvInstance& in) {
  for (std::size_t i = 0; i < in.n_a(); ++i)
    for (std::size_t j = 0; j < in.n_b(); ++j)
      for (std::size_t k = 0; k < in.n_c(); ++k)
        if (triple_product(in.a(i), in.b(j), in.c(k)) == 0) return true;
  return false;
}
}  // namespace

TEST_CASE("CNF -> 3-OV with padding agrees with brute-force SAT", "[three_ov]") {
  const auto seed = test::test_seed("cnf to 3ov");
  int sat = 0, unsat = 0;
  for (std::uint64_t s = seed; s < seed + 40; ++s) {
    const int n = 3 + static_cast<int>(s % 8);
    const std::uint64_t k = 1 + s % 7;  // K = 1 .. 7: C padded unless a power of two
    const auto g = random_kcnf({n, clauses_for_ratio(n, 3.5 + (s % 3) * 0.8), 3, false, s});
    INFO("seed " << s << " n " << n << " K " << k);
    const CnfToThreeOv split({k, {}});
    const SplitThreeOv t = split.encode(g.cnf);
    CHECK(t.instance.n_a() == t.instance.n_b());
    CHECK(t.instance.n_c() == k);
    const bool truth = solve_brute_force(g.cnf).status == SatStatus::kSat;
    const ThreeOvAnswer answer = solve_three_ov(t.instance);
    CHECK(answer.triple.has_value() == truth);
    CHECK(any_triple(t.instance) == truth);
    if (answer.triple) {
      ++sat;
      CHECK(is_orthogonal_triple(t.instance, *answer.triple));
      REQUIRE(answer.triple->j < t.real_b);
      REQUIRE(answer.triple->k < t.real_c);
      CHECK(satisfies(g.cnf, split.decode(g.cnf, t, *answer.triple)));
    } else {
      ++unsat;
    }
  }
  CHECK(sat >= 5);
  CHECK(unsat >= 5);
}

TEST_CASE("Transformer chain agrees with CaDiCaL and brute-force 3-OV", "[transformer_chain]") {
  const auto seed = test::test_seed("transformer chain");
  struct Shape {
    std::size_t layers, heads;
    AttentionKind kind;
    MlpMode mode;
    const char* backend;
  };
  const Shape shapes[] = {{1, 1, AttentionKind::kSoftmax, MlpMode::kResid, "naive"},
                          {1, 4, AttentionKind::kSoftmax, MlpMode::kResid, "naive"},
                          {2, 2, AttentionKind::kHardmax, MlpMode::kResid, "naive"},
                          {3, 2, AttentionKind::kSoftmax, MlpMode::kPlain, "flash"},
                          {2, 4, AttentionKind::kHardmax, MlpMode::kPlain, "naive"}};
  int sat = 0, unsat = 0;
  for (std::uint64_t s = seed; s < seed + 20; ++s) {
    const Shape& shape = shapes[s % 5];
    const int n = 8 + static_cast<int>(s % 5);
    const bool planted = s % 3 == 0;
    const auto g =
        random_kcnf({n, clauses_for_ratio(n, planted ? 4.2 : 4.0 + (s % 4) * 0.6), 3, planted, s});
    ChainOptions o;
    o.transformer.layers = shape.layers;
    o.transformer.heads = shape.heads;
    o.transformer.attention = shape.kind;
    o.transformer.mlp_mode = shape.mode;
    o.backend = shape.backend;
    INFO("seed " << s << " n " << n << " L " << shape.layers << " H " << shape.heads << " "
                 << to_string(shape.kind) << " " << shape.backend);
    const ChainRun r = run_chain("sat-3ov-transformer", g.cnf, "test", o);
    INFO(r.explanation);
    CHECK(r.agreement == Agreement::kAgree);
    CHECK(r.overhead_ok());
    CHECK(r.stages[1].truth.yes == r.stages[0].truth.yes);  // the split keeps the answer
    const auto& c = r.oracle.step.certificate;
    CHECK(r.oracle.tolerated_error == Approx(0.125));
    const double min_acc = r.oracle.record["min_acc"].get<double>();
    if (r.oracle.verdict == Verdict::kYes) {
      ++sat;
      CHECK(min_acc <= c["yes_bound"].get<double>() + 1e-6);
      REQUIRE(r.oracle.witness);
      CHECK(r.stages[1].witness_ok);  // the triple
      CHECK(r.stages[0].witness_ok);  // its assignment
      CHECK(r.oracle.record["witness_oracle_calls"].get<int>() <=
            1 + static_cast<int>(std::bit_width(c["K"].get<std::size_t>())));
    } else {
      ++unsat;
      CHECK(min_acc >= c["no_bound"].get<double>() - 1e-6);
    }
  }
  CHECK(sat >= 4);
  CHECK(unsat >= 4);
}

TEST_CASE("Transformer chain: noise just under 1/8 changes no decision", "[transformer_chain]") {
  const auto seed = test::test_seed("transformer noise");
  for (std::uint64_t s = seed; s < seed + 8; ++s) {
    const int n = 9;
    const auto g = random_kcnf({n, clauses_for_ratio(n, s % 2 ? 4.8 : 3.8), 3, s % 2 == 0, s});
    ChainOptions o;
    o.transformer.layers = 2;
    o.transformer.heads = 2;
    const ChainRun clean = run_chain("sat-3ov-transformer", g.cnf, "clean", o);
    o.noise = 0.124;
    o.seed = s;
    const ChainRun noisy = run_chain("sat-3ov-transformer", g.cnf, "noisy", o);
    INFO("seed " << s << ": " << noisy.explanation);
    CHECK(noisy.agreement == Agreement::kAgree);
    CHECK(noisy.oracle.verdict == clean.oracle.verdict);
  }
}

TEST_CASE("3ov-to-transformer refuses mismatched sizes", "[transformer_chain]") {
  ThreeOvInstance in(4, 4, 6, 3);
  ThreeOvToTransformer::Params p;
  p.layers = 2;
  p.heads = 2;
  CHECK_THROWS_WITH(ThreeOvToTransformer(p).certificate(in), Catch::Contains("K = 6"));
  ThreeOvInstance uneven(4, 3, 4, 3);
  CHECK_THROWS_WITH(ThreeOvToTransformer(p).certificate(uneven), Catch::Contains("pad B"));
  p.limits.max_bytes = 1000;
  CHECK_THROWS_WITH(ThreeOvToTransformer(p).certificate(ThreeOvInstance(4, 4, 4, 3)),
                    Catch::Contains("GiB"));
}
