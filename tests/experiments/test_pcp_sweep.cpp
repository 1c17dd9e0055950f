// The distributed PCP's trade-off sweep (experiments/pcp_sweep.hpp): its
// sizes are the construction's (compared with an instance actually built),
// the entry bound is the certificate's, every shape that fits runs the chain
// on YES and NO and agrees, and a runner that disagrees is reported.
#include <catch2/catch.hpp>

#include "chain/executor.hpp"
#include "experiments/pcp_sweep.hpp"
#include "instances/random_ov.hpp"
#include "reductions/gap_max_ip_to_attention.hpp"
#include "reductions/ov_to_gap_max_ip.hpp"

using namespace sethkit;

namespace {
PcpChainRunner chain_runner() {
  return [](const OvInstance& ov, std::size_t k, std::size_t q) {
    ChainOptions o;
    o.backend = "naive";
    o.pcp.k = k;
    o.pcp.q = q;
    const ChainRun run = run_chain("ov-pcp-attention", ov, "test", o);
    return run.agreement == Agreement::kAgree ? run.overhead_problem() : run.explanation;
  };
}
}  // namespace

TEST_CASE("sweep pcp: sizes and B are the construction's, and every chain run agrees", "[pcp]") {
  PcpSweepParams p;
  p.dims = {4, 6};
  p.n = 3;
  const auto points = run_pcp_sweep(p, chain_runner());
  REQUIRE(points.size() == 5 + 7);  // k = 1..m with the least q, and the default k's next prime
  std::size_t ran = 0;
  for (const PcpSweepPoint& pt : points) {
    INFO("m " << pt.m << " k " << pt.k << " q " << pt.q << ": " << pt.note);
    const OvInstance ov = random_ov({p.n, p.n, pt.m, 0.5, OvPlant::kNone, 1}).ov;
    const OvToGapMaxIp rule({pt.k, pt.q, Limits{}});
    const GapMaxIpCertificate c = rule.certificate(ov);
    CHECK(pt.dim == static_cast<double>(c.dim));
    CHECK(pt.hints == static_cast<double>(c.hints));
    CHECK((pt.s_yes == c.s_yes && pt.s_no == c.s_no && pt.l == c.shape.l));
    CHECK(pt.default_k == (pt.k == default_grid_rows(pt.m)));
    if (pt.ran) {
      ++ran;
      CHECK(pt.agree);
      const GapMaxIp g = rule.encode(ov);
      CHECK(pt.entry_bound ==
            Approx(GapMaxIpToAttention().certificate(g).entry_bound).epsilon(1e-12));
    }
  }
  CHECK(ran >= 8);
  const auto m4 = std::find_if(points.begin(), points.end(), [](const PcpSweepPoint& pt) {
    return pt.m == 4 && pt.default_k && !pt.larger_q;
  });
  REQUIRE(m4 != points.end());
  CHECK((m4->k == 2 && m4->q == 3 && m4->dim == 81 && m4->hints == 3));
  CHECK(m4->gap_ratio == Approx(1.5));
}

TEST_CASE("sweep pcp: a disagreeing runner is reported, and nothing runs above the limit",
          "[pcp]") {
  PcpSweepParams p;
  p.dims = {4};
  p.n = 2;
  const auto wrong =
      run_pcp_sweep(p, [](const OvInstance&, std::size_t, std::size_t) { return "wrong"; });
  for (const PcpSweepPoint& pt : wrong) {
    CHECK(pt.ran);
    CHECK_FALSE(pt.agree);
    CHECK_THAT(pt.note, Catch::Contains("wrong"));
  }
  p.run_bytes = 0;
  for (const PcpSweepPoint& pt : run_pcp_sweep(p, chain_runner())) {
    CHECK_FALSE(pt.ran);
    CHECK_THAT(pt.note, Catch::Contains("not run"));
  }
  p.dims = {};
  CHECK_THROWS_WITH(run_pcp_sweep(p, nullptr), Catch::Contains("names no dimension"));
}
