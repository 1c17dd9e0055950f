// The transformer oracle step (chain/transformer_step.cpp): the chain CNF ->
// 3-OV -> transformer against
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
