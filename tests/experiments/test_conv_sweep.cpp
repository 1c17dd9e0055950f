// The conv experiment (experiments/conv_sweep.hpp): exact on structured
// inputs, k = n on random ones, refusals recorded on the hard chain's inputs,
// and the CSV columns in order.
#include <catch2/catch.hpp>

#include "experiments/conv_sweep.hpp"

using namespace sethkit;

TEST_CASE("The conv sweep: exact on structured inputs, k = n on random ones", "[conv]") {
  ConvSweepParams p;
  p.structured_n = {128, 512};
  p.hard_n = {64};
  p.sample_rows = 32;
  std::size_t calls = 0;
  const auto points =
      run_conv_sweep(p, [&](const ConvSweepPoint&, std::size_t done, std::size_t total) {
        CHECK(done == ++calls);
        CHECK(total == 4);
      });
  REQUIRE(points.size() == 4);
  for (const auto& pt : points) {
    INFO(pt.series << " n " << pt.n);
    if (pt.series == "structured") {
      CHECK(pt.k == 4);
      CHECK(pt.conv_error < 1e-10);
      CHECK(pt.conv_error <= pt.conv_bound);
    } else if (pt.series == "random") {
      CHECK(pt.k == pt.n);
      CHECK(pt.conv_error <= pt.conv_bound);
    } else {
      CHECK(pt.series == "hard");
      CHECK(pt.k > pt.n / 2);
      CHECK((pt.note.empty() ? pt.conv_error <= pt.conv_bound : pt.note.find("refused") == 0));
    }
  }
  CHECK(conv_sweep_csv(points).rfind("series,n,d,d_v,k,conv_s", 0) == 0);
}
