// Writing a target to files (chain/reduce_to_files.hpp): the attention
// instance of an OV file, the graph of a CNF, and refusals that leave nothing
// behind.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "chain/reduce_to_files.hpp"
#include "core/error.hpp"
#include "core/file_io.hpp"
#include "core/npy.hpp"

using namespace sethkit;
namespace fs = std::filesystem;

namespace {
SourceFile source_from(const std::string& name, const std::string& text) {
  const fs::path path = fs::temp_directory_path() / name;
  std::ofstream(path) << text;
  SourceFile s = load_source(path.string(), true);
  fs::remove(path);
  return s;
}
}  // namespace

TEST_CASE("reduce writes Q, K, V and the certificate of an OV file", "[reduce]") {
  const SourceFile ov = source_from("sethkit_rtf.ov", "p ov 2 2 3\na 101\na 010\nb 010\nb 111\n");
  const fs::path dir = fs::temp_directory_path() / "sethkit_rtf_attention";
  fs::remove_all(dir);
  const std::string line = reduce_to_files(ov, {}, dir.string());
  CHECK(line.rfind("wrote", 0) == 0);
  const Matrix q = npy_to_matrix(read_npy((dir / "Q.npy").string()), "Q");
  CHECK(q.rows() == 3);  // N_a + 1 with the sink's dummy row
  const auto cert = nlohmann::json::parse(read_text_file((dir / "certificate.json").string()));
  CHECK(cert["ov_to_attention"]["reduction"] == "ov-to-attention");
  CHECK(cert["ov_to_attention"]["threshold"].get<double>() == Approx(25.0 / 36.0));
  CHECK(cert["source"]["params"]["nA"] == 2);
  fs::remove_all(dir);
}

TEST_CASE("reduce --to diameter and --to transformer, and their refusals", "[reduce]") {
  const SourceFile cnf = source_from("sethkit_rtf.cnf", "p cnf 3 2\n1 -2 0\n2 3 0\n");
  const fs::path dir = fs::temp_directory_path() / "sethkit_rtf_graph";
  fs::remove_all(dir);
  ReduceOptions to_graph;
  to_graph.to = ReduceTarget::kDiameter;
  reduce_to_files(cnf, to_graph, dir.string());
  const auto cert = nlohmann::json::parse(read_text_file((dir / "certificate.json").string()));
  CHECK(cert["ov_to_diameter"]["n_a"] == 4);  // 2^ceil(3/2)
  CHECK(cert["cnf_to_ov"]["vars_a_list"].size() == 2);
  CHECK(fs::exists(dir / "graph.dot"));
  fs::remove_all(dir);

  const SourceFile ov = source_from("sethkit_rtf2.ov", "p ov 1 1 2\na 10\nb 01\n");
  ReduceOptions to_model;
  to_model.to = ReduceTarget::kTransformer;
  const fs::path none = fs::temp_directory_path() / "sethkit_rtf_none";
  fs::remove_all(none);
  CHECK_THROWS_WITH(reduce_to_files(ov, to_model, none.string()),
                    Catch::Contains("needs a DIMACS CNF file"));
  CHECK_FALSE(fs::exists(none));
  // 60 variables: 2^30 vectors per side, refused before anything is allocated.
  const SourceFile big = source_from("sethkit_rtf3.cnf", "p cnf 60 1\n1 0\n");
  CHECK_THROWS_AS(reduce_to_files(big, {}, none.string()), InputError);
  CHECK_FALSE(fs::exists(none));
}
