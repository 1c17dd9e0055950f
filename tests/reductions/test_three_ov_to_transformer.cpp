// 3-OV -> transformer (reductions/three_ov_to_transformer.hpp): the sizes are
// refused before anything is built (L H != K, |A| != |B|, memory). Its
// decoding is checked end to end in tests/chain/test_transformer_step.cpp.
#include <catch2/catch.hpp>

#include "core/three_ov.hpp"
#include "reductions/three_ov_to_transformer.hpp"

using namespace sethkit;

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
