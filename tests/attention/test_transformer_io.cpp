// The model directory (attention/transformer_io.hpp): every model shape
// survives write and read bit for bit, and bad directories are refused with
// one-line errors naming the file.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "attention/random_transformer.hpp"
#include "attention/registry.hpp"
#include "attention/transformer_io.hpp"
#include "core/error.hpp"
#include "core/file_io.hpp"
#include "core/npy.hpp"
#include "test_seed.hpp"

using namespace sethkit;
namespace fs = std::filesystem;

namespace {
fs::path fresh_dir(const char* name) {
  const fs::path dir = fs::temp_directory_path() / name;
  fs::remove_all(dir);
  return dir;
}

// Removes a test's folder when the test ends, passed or failed.
struct RemovedAtEnd {
  fs::path dir;
  ~RemovedAtEnd() {
    std::error_code ignored;
    fs::remove_all(dir, ignored);
  }
};

void rewrite(const fs::path& file, const std::string& from, const std::string& to) {
  std::string text = read_text_file(file.string());
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  write_file_atomic(file.string(), text);
}
}  // namespace

TEST_CASE("A model directory round-trips every model shape", "[transformer][io]") {
  Rng rng(test::test_seed("transformer io", 7));
  const auto naive = make_backend("naive");
  const fs::path dir = fresh_dir("sethkit_test_model");
  const RemovedAtEnd cleanup{dir};
  for (Aggregation agg : {Aggregation::kSum, Aggregation::kConcat})
    for (MlpMode mode : {MlpMode::kResid, MlpMode::kPlain})
      for (bool with_mlp : {false, true}) {
        INFO(to_string(agg) << " " << to_string(mode) << " mlp " << with_mlp);
        TransformerModel m = test::random_model(rng, agg, mode, AttentionKind::kHardmax, with_mlp);
        m.causal = with_mlp;
        if (mode == MlpMode::kPlain) m.rope = Rope{500, RopeLayout::kSplitHalves};
        fs::remove_all(dir);
        write_files_atomic(dir.string(), transformer_files(m));
        const TransformerModel back = read_transformer(dir.string());
        CHECK(back.width == m.width);
        CHECK(back.aggregation == agg);
        CHECK(back.mlp_mode == mode);
        CHECK(back.attention == AttentionKind::kHardmax);
        CHECK(back.scale == m.scale);
        CHECK(back.causal == m.causal);
        CHECK(back.rope.has_value() == m.rope.has_value());
        if (m.rope)
          CHECK((back.rope->base == 500 && back.rope->layout == RopeLayout::kSplitHalves));
        REQUIRE(back.num_layers() == 2);
        REQUIRE(back.num_heads() == 2);
        CHECK(back.layers[1].heads[1].wq == m.layers[1].heads[1].wq);
        CHECK(back.layers[0].heads[0].wv == m.layers[0].heads[0].wv);
        CHECK(back.layers[1].mlp.has_value() == with_mlp);
        if (with_mlp) CHECK(back.layers[1].mlp->b2 == m.layers[1].mlp->b2);
        const Matrix x = uniform_matrix(rng, 5, 6, 1.0);
        CHECK(transformer_forward(back, x, *naive) == transformer_forward(m, x, *naive));
      }
}

TEST_CASE("A bad model directory is refused naming the file", "[transformer][io]") {
  Rng rng(11);
  const TransformerModel m =
      test::random_model(rng, Aggregation::kConcat, MlpMode::kResid, AttentionKind::kSoftmax, true);
  const fs::path dir = fresh_dir("sethkit_test_bad_model");
  const RemovedAtEnd cleanup{dir};
  const auto reset = [&] {
    fs::remove_all(dir);
    write_files_atomic(dir.string(), transformer_files(m));
  };
  const std::string json = (dir / "model.json").string();

  reset();
  write_npy((dir / "layer1_head0_wk.npy").string(), Matrix::Zero(6, 3));
  CHECK_THROWS_WITH(read_transformer(dir.string()),
                    Catch::Contains("model.json") && Catch::Contains("layer 1 head 0 Wk"));
  reset();
  fs::copy_file(fs::path(SETHKIT_TEST_DATA) / "nan_2x2.npy", dir / "layer0_head1_wv.npy",
                fs::copy_options::overwrite_existing);  // sethkit never writes a NaN
  CHECK_THROWS_WITH(read_transformer(dir.string()),
                    Catch::Contains("layer0_head1_wv.npy") && Catch::Contains("NaN"));
  reset();
  write_npy((dir / "layer0_mlp_b1.npy").string(), Matrix::Zero(5, 2));
  CHECK_THROWS_WITH(read_transformer(dir.string()),
                    Catch::Contains("layer0_mlp_b1.npy") && Catch::Contains("1-D"));
  reset();
  fs::remove(dir / "layer1_wo.npy");
  CHECK_THROWS_WITH(read_transformer(dir.string()), Catch::Contains("layer1_wo.npy"));
  reset();
  rewrite(json, "\"layer0_head0_wq.npy\"", "\"/etc/passwd\"");
  CHECK_THROWS_WITH(read_transformer(dir.string()), Catch::Contains("plain file name"));
  reset();
  rewrite(json, "\"concat\"", "\"mean\"");
  CHECK_THROWS_WITH(read_transformer(dir.string()),
                    Catch::Contains("model.json") && Catch::Contains("\"sum\" or \"concat\""));
  reset();
  rewrite(json, "\"causal\": false", "\"causal\": 1");
  CHECK_THROWS_WITH(read_transformer(dir.string()), Catch::Contains("true or false"));
  reset();
  rewrite(json, "\"format\"", "\"formats\"");
  CHECK_THROWS_WITH(read_transformer(dir.string()), Catch::Contains("sethkit-transformer"));
  reset();
  Limits tiny;
  tiny.max_bytes = 1000;  // the first weights fit, the total does not
  CHECK_THROWS_WITH(read_transformer(dir.string(), tiny),
                    Catch::Contains("above the memory budget of 1000 bytes"));
  reset();
  rewrite(json, "\"scale\": ", "\"scale\": -");
  CHECK_THROWS_WITH(read_transformer(dir.string()),
                    Catch::Contains("\"scale\" must be a positive finite number"));
  // A file named by several layers is read once and each layer gets its values;
  // each copy counts against the budget.
  reset();
  rewrite(json, "\"layer1_head0_wq.npy\"", "\"layer0_head0_wq.npy\"");
  const TransformerModel shared = read_transformer(dir.string());
  CHECK(shared.layers[1].heads[0].wq == m.layers[0].heads[0].wq);
  CHECK(shared.layers[1].heads[0].wk == m.layers[1].heads[0].wk);
  fs::remove_all(dir);
}
