// Decoding an output computed outside the chain (chain/decode_output.hpp):
// files written by reduce, attention computed from them by `naive`, read back
// with the certificate: OV, CNF and Gap-Hamming sources, YES and NO, with the
// witness mapped back and checked; the transformer target; a row at the
// threshold is ambiguous; a foreign source and an unsound error are refused.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "attention/naive_backend.hpp"
#include "attention/registry.hpp"
#include "attention/transformer_io.hpp"
#include "chain/decode_output.hpp"
#include "chain/reduce_to_files.hpp"
#include "core/dimacs.hpp"
#include "core/error.hpp"
#include "core/file_io.hpp"
#include "core/npy.hpp"
#include "core/ov_format.hpp"
#include "core/verify.hpp"
#include "instances/planted_gap_hamming.hpp"
#include "instances/random_cnf.hpp"
#include "instances/random_ov.hpp"
#include "solvers/cadical_solver.hpp"
#include "solvers/ov_solver.hpp"
#include "test_seed.hpp"

using namespace sethkit;
namespace fs = std::filesystem;

namespace {
// A source file on disk, loaded as reduce and decode load it.
SourceFile source_file(const std::string& name, const std::string& text) {
  const fs::path path = fs::temp_directory_path() / name;
  std::ofstream(path) << text;
  return load_source(path.string(), true);
}

Matrix npy(const fs::path& path) {
  return npy_to_matrix(read_npy(path.string()), path.string());
}

// reduce, then exact attention on the files it wrote; returns the certificate.
nlohmann::json reduce_and_attend(const SourceFile& source, const fs::path& dir, Matrix& y) {
  fs::remove_all(dir);
  reduce_to_files(source, {}, dir.string());
  const auto cert = nlohmann::json::parse(read_text_file((dir / "certificate.json").string()));
  const double scale = cert.contains("ov_to_attention")
                           ? cert["ov_to_attention"]["scale"].get<double>()
                           : cert["gap_hamming_to_attention"]["scale"].get<double>();
  y = NaiveBackend().run({npy(dir / "Q.npy"), npy(dir / "K.npy"), npy(dir / "V.npy"), scale}).out;
  fs::remove_all(dir);
  return cert;
}
}  // namespace

TEST_CASE("decode: OV and CNF sources, YES with a checked witness and NO", "[decode]") {
  const auto seed = test::test_seed("decode ov");
  for (OvPlant plant : {OvPlant::kPlantYes, OvPlant::kForceNo}) {
    const GeneratedOv g = random_ov({12, 10, 8, 0.5, plant, seed});
    const SourceFile src = source_file("sethkit_dec.ov", format_ov(g.ov, g.provenance));
    Matrix y;
    const auto cert = reduce_and_attend(src, fs::temp_directory_path() / "sethkit_dec_ov", y);
    const DecodedOutput d = decode_output(y, cert, "certificate.json", &src, {});
    const bool truth = solve_ov_bitpacked(g.ov).found;
    CHECK(d.verdict == (truth ? Verdict::kYes : Verdict::kNo));
    CHECK(d.witness.has_value() == truth);
    if (d.witness) CHECK(d.witness_checked);
    CHECK(d.ambiguous_rows.empty());
    CHECK(d.margin > 0);
    CHECK(to_json(d)["verdict"] == (truth ? "yes" : "no"));
  }
  int sat = 0, unsat = 0;
  for (std::uint64_t s = seed; s < seed + 6; ++s) {
    const auto g = random_kcnf({10, clauses_for_ratio(10, s % 2 ? 3.0 : 6.5), 3, false, s});
    const SourceFile src = source_file("sethkit_dec.cnf", format_dimacs(g.cnf, g.provenance));
    Matrix y;
    const auto cert = reduce_and_attend(src, fs::temp_directory_path() / "sethkit_dec_ov", y);
    const DecodedOutput d = decode_output(y, cert, "certificate.json", &src, {});
    const bool truth = solve_cadical(g.cnf).status == SatStatus::kSat;
    INFO("seed " << s);
    CHECK(d.verdict == (truth ? Verdict::kYes : Verdict::kNo));
    if (truth) {
      ++sat;
      REQUIRE(d.witness);
      REQUIRE(d.witness->assignment);
      CHECK(satisfies(g.cnf, *d.witness->assignment));
      CHECK(d.witness_checked);
    } else {
      ++unsat;
    }
  }
  CHECK(sat > 0);
  CHECK(unsat > 0);
  fs::remove(fs::temp_directory_path() / "sethkit_dec.ov");
  fs::remove(fs::temp_directory_path() / "sethkit_dec.cnf");
}

TEST_CASE("decode: a Gap-Hamming source, the threshold row, and refusals", "[decode]") {
  const auto seed = test::test_seed("decode gap");
  const auto g = planted_gap_hamming({40, 48, 6, 1.0, 0.5, 50, seed});
  const SourceFile src =
      source_file("sethkit_dec.gh", format_gap_hamming(g.instance, g.provenance));
  Matrix y;
  const auto cert = reduce_and_attend(src, fs::temp_directory_path() / "sethkit_dec_gh", y);
  const DecodedOutput d = decode_output(y, cert, "certificate.json", &src, {});
  REQUIRE(d.verdict == Verdict::kYes);
  REQUIRE(d.witness);
  CHECK(d.witness_checked);
  CHECK(hamming_distance(g.instance.points.a(d.witness->indices[0]),
                         g.instance.points.b(d.witness->indices[1])) <= g.instance.t);
  for (std::size_t row : d.yes_rows) CHECK(g.instance.labels[row] != GapLabel::kNo);

  Matrix at_threshold = y;
  at_threshold(3, 0) = d.threshold;
  const DecodedOutput a = decode_output(at_threshold, cert, "certificate.json", nullptr, {});
  CHECK(a.verdict == Verdict::kAmbiguous);
  CHECK(a.ambiguous_rows == std::vector<std::size_t>{3});
  CHECK(a.note.find("row 3") != std::string::npos);

  DecodeOptions unsound;
  unsound.assumed_error = d.tolerated_error;
  CHECK_THROWS_AS(decode_output(y, cert, "certificate.json", nullptr, unsound), ContractError);
  const SourceFile other = source_file("sethkit_dec2.ov", "p ov 1 1 2\na 10\nb 01\n");
  CHECK_THROWS_WITH(decode_output(y, cert, "certificate.json", &other, {}),
                    Catch::Contains("not the source of certificate.json"));
  CHECK_THROWS_WITH(decode_output(y.topRows(5), cert, "certificate.json", nullptr, {}),
                    Catch::Contains("the certificate is for an output of"));
  CHECK_THROWS_WITH(decode_output(y, nlohmann::json{{"ov_to_diameter", {}}}, "c.json", nullptr, {}),
                    Catch::Contains("no output to decode"));
  fs::remove(fs::temp_directory_path() / "sethkit_dec.gh");
  fs::remove(fs::temp_directory_path() / "sethkit_dec2.ov");
}

TEST_CASE("decode: a certificate's fields are refused one by one, by name", "[decode]") {
  const auto g = planted_gap_hamming({12, 16, 3, 1.0, 0.5, 50, 7});
  const SourceFile src =
      source_file("sethkit_dec_f.gh", format_gap_hamming(g.instance, g.provenance));
  Matrix y;
  const auto cert = reduce_and_attend(src, fs::temp_directory_path() / "sethkit_dec_f", y);
  REQUIRE(decode_output(y, cert, "c.json", &src, {}).verdict == Verdict::kYes);
  const auto refused = [&](const char* field, const nlohmann::json& value) {
    nlohmann::json bad = cert;
    bad["gap_hamming_to_attention"][field] = value;
    try {
      decode_output(y, bad, "c.json", nullptr, {});
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  CHECK(refused("n_q", 0.5) ==
        "c.json: gap_hamming_to_attention.n_q: expected an integer from 2 to 2^40, found the "
        "number 0.5");
  CHECK(refused("N", -5) ==
        "c.json: gap_hamming_to_attention.N: expected an integer from 1 to 2^40, found the "
        "number -5");
  CHECK(refused("d", 1e300) ==
        "c.json: gap_hamming_to_attention.d: expected an integer from 1 to 2^40, found the "
        "number 1e+300");
  CHECK(refused("threshold", "x") ==
        "c.json: gap_hamming_to_attention.threshold: expected a finite number from -1e+300 to "
        "1e+300, found the string \"x\"");
  CHECK(refused("R_is_bound", nullptr) ==
        "c.json: gap_hamming_to_attention.R_is_bound: expected true or false, found null");
  CHECK(refused("reduction", "ov-to-attention") ==
        "c.json: gap_hamming_to_attention.reduction: expected the name of the reduction that "
        "writes \"gap_hamming_to_attention\", found \"ov-to-attention\"");
  nlohmann::json no_field = cert;
  no_field["gap_hamming_to_attention"].erase("tolerated_error");
  CHECK_THROWS_WITH(decode_output(y, no_field, "c.json", nullptr, {}),
                    "c.json: gap_hamming_to_attention: expected the field \"tolerated_error\"");
  // The source block is read only with a source to check against.
  nlohmann::json bad_source = cert;
  bad_source["source"] = "x";
  CHECK_THROWS_WITH(decode_output(y, bad_source, "c.json", &src, {}),
                    "c.json: source: expected an object, found the string \"x\"");
  bad_source["source"] = {{"content_sha256", 7}};
  CHECK_THROWS_WITH(decode_output(y, bad_source, "c.json", &src, {}),
                    "c.json: source.content_sha256: expected a string, found the number 7");
  fs::remove(fs::temp_directory_path() / "sethkit_dec_f.gh");
}

TEST_CASE("decode: the transformer target, YES and NO", "[decode]") {
  const auto seed = test::test_seed("decode transformer");
  int yes = 0, no = 0;
  for (std::uint64_t s = seed; s < seed + 6; ++s) {
    const auto g = random_kcnf({8, clauses_for_ratio(8, s % 2 ? 3.0 : 7.0), 3, false, s});
    const SourceFile src = source_file("sethkit_dec_t.cnf", format_dimacs(g.cnf, g.provenance));
    const fs::path dir = fs::temp_directory_path() / "sethkit_dec_model";
    fs::remove_all(dir);
    ReduceOptions o;
    o.to = ReduceTarget::kTransformer;
    o.transformer.layers = 1;
    o.transformer.heads = 2;
    reduce_to_files(src, o, dir.string());
    const auto cert = nlohmann::json::parse(read_text_file((dir / "certificate.json").string()));
    const Matrix out = transformer_forward(read_transformer(dir.string()), npy(dir / "X.npy"),
                                           *make_backend("naive"));
    const DecodedOutput d = decode_output(out, cert, "certificate.json", &src, {});
    const bool truth = solve_cadical(g.cnf).status == SatStatus::kSat;
    INFO("seed " << s);
    CHECK(d.verdict == (truth ? Verdict::kYes : Verdict::kNo));
    (truth ? yes : no)++;
    fs::remove_all(dir);
  }
  CHECK(yes > 0);
  CHECK(no > 0);
  fs::remove(fs::temp_directory_path() / "sethkit_dec_t.cnf");
}
