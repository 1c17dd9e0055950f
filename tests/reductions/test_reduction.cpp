// The shape every construction shares (reductions/reduction.hpp): each
// reduction of the graph satisfies the Reduction concept, its edge record
// names itself and its docs page, and types of another shape do not.
#include <catch2/catch.hpp>

#include <filesystem>

#include "reductions/cnf_to_ov.hpp"
#include "reductions/cnf_to_three_ov.hpp"
#include "reductions/gap_hamming_to_attention.hpp"
#include "reductions/ov_to_attention.hpp"
#include "reductions/ov_to_diameter.hpp"
#include "reductions/ov_to_hamming.hpp"
#include "reductions/reduction.hpp"
#include "reductions/three_ov_to_transformer.hpp"

using namespace sethkit;

namespace {
// Everything right but the decoder's name.
struct WrongDecoderName {
  using Source = OvInstance;
  using Target = GapHamming;
  struct Params {};
  static constexpr const char* kName = "wrong";
  static constexpr const char* kDeclaredOverhead = "";
  static EdgeRecord edge() { return {}; }
  HammingCertificate certificate(const OvInstance&) const { return {}; }
  GapHamming encode(const OvInstance&) const { return {}; }
  int decode_pair(const OvInstance&, const GapHamming&) const { return 0; }
};
// A decoder that does not take the source first.
struct TargetFirst : WrongDecoderName {
  int decode(const GapHamming&, const OvInstance&) const { return 0; }
};
// A decoder of the right shape: the concept is satisfied.
struct RightShape : WrongDecoderName {
  int decode(const OvInstance&, const GapHamming&, int) const { return 0; }
};

template <typename R>
void check_edge(const char* from, const char* to) {
  const EdgeRecord e = R::edge();
  INFO(R::kName);
  CHECK(e.name == R::kName);
  CHECK(e.overhead == R::kDeclaredOverhead);
  CHECK(e.from == from);
  CHECK(e.to == to);
  CHECK_FALSE(e.sizes.empty());
  CHECK(std::filesystem::exists(std::filesystem::path(SETHKIT_SOURCE_DIR) / e.docs));
  CHECK(std::filesystem::exists(std::filesystem::path(SETHKIT_SOURCE_DIR) / e.module));
}
}  // namespace

static_assert(Reduction<CnfToOv>);
static_assert(Reduction<OvToAttention>);
static_assert(Reduction<OvToHamming>);
static_assert(Reduction<GapHammingToAttention>);
static_assert(Reduction<CnfToThreeOv>);
static_assert(Reduction<ThreeOvToTransformer>);
static_assert(Reduction<OvToDiameter>);
static_assert(!Reduction<WrongDecoderName>);
static_assert(!Reduction<TargetFirst>);
static_assert(Reduction<RightShape>);

TEST_CASE("Every reduction's edge record names itself, its problems and its docs page",
          "[reduction]") {
  check_edge<CnfToOv>("cnf-sat", "ov");
  check_edge<OvToAttention>("ov", "attention");
  check_edge<OvToHamming>("ov", "gap-hamming");
  check_edge<GapHammingToAttention>("gap-hamming", "attention");
  check_edge<CnfToThreeOv>("cnf-sat", "3-ov");
  check_edge<ThreeOvToTransformer>("3-ov", "transformer");
  check_edge<OvToDiameter>("ov", "graph-diameter");
}
