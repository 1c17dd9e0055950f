// The RoPE precision sweep (experiments/rope_precision.hpp): the emulated
// formats round as IEEE and bfloat16 do; in float64 the offset head is right
// at every position to 2^20 with logit errors far below float32's; in
// float16 and bfloat16 it must fail once two integer positions round to the
// same number (4095 and 4096 in float16, 511 and 512 in bfloat16); the
// journal's form keeps an overflow.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "experiments/rope_precision.hpp"

using namespace sethkit;

TEST_CASE("rope precision: the emulated formats round as specified", "[experiments][rope]") {
  CHECK(round_to(2049, FloatFormat::kFloat16) == 2048);  // a tie, to even
  CHECK(round_to(2051, FloatFormat::kFloat16) == 2052);
  CHECK(round_to(4095, FloatFormat::kFloat16) == 4096);
  CHECK(round_to(65504, FloatFormat::kFloat16) == 65504);
  CHECK(std::isinf(round_to(65520, FloatFormat::kFloat16)));
  CHECK(round_to(std::ldexp(1.0, -24), FloatFormat::kFloat16) == std::ldexp(1.0, -24));
  CHECK(round_to(std::ldexp(1.0, -25), FloatFormat::kFloat16) == 0);  // a tie, to even (0)
  CHECK(round_to(1 + std::ldexp(1.0, -11), FloatFormat::kFloat16) == 1);
  CHECK(round_to(257, FloatFormat::kBfloat16) == 256);
  CHECK(round_to(511, FloatFormat::kBfloat16) == 512);
  CHECK(round_to(0.1, FloatFormat::kFloat32) == static_cast<double>(0.1f));
  CHECK(round_to(0.1, FloatFormat::kFloat64) == 0.1);
}

TEST_CASE("rope precision: where each format's offset head stops", "[experiments][rope]") {
  RopePrecisionParams p;
  p.samples = 4;
  const auto points = run_rope_precision(p);
  REQUIRE(points.size() == 4 * 2 * 21);
  for (const RopeSelectionLimit& l : rope_selection_limits(points)) {
    INFO(l.format << " base " << l.base);
    if (l.format == "float64" || l.format == "float32") CHECK(l.largest_right == 1 << 20);
    if (l.format == "float16") CHECK(l.largest_right <= 2048);
    if (l.format == "bfloat16") CHECK(l.largest_right <= 256);
    CHECK(l.largest_right >= 1);
  }
  for (const RopePrecisionPoint& pt : points) {
    INFO(pt.format << " base " << pt.base << " position " << pt.position);
    if (pt.format == "float64") CHECK(pt.max_error < 1e-10);
    if (pt.format == "float32") CHECK(pt.max_error < 1e-2);
    if (pt.format == "float16" && pt.position > 65504) {
      CHECK(std::isinf(pt.max_error));  // the position itself overflows
      const RopePrecisionPoint back = nlohmann::json(pt).get<RopePrecisionPoint>();
      CHECK(std::isinf(back.max_error));
      CHECK(!back.selects);
    }
  }
  p.formats = {"float8"};
  CHECK_THROWS_WITH(require_valid_rope_precision(p), Catch::Contains("format 'float8'"));
  p.formats = {"float32"};
  p.head_dim = 7;
  CHECK_THROWS_AS(require_valid_rope_precision(p), ContractError);
}
