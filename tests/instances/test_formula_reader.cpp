// Formula files read back (instances/formula_reader.hpp): what
// write_formula_jsonl writes comes back record by record, and a malformed
// file is refused naming its line.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "instances/formula_jsonl.hpp"
#include "instances/formula_reader.hpp"

using namespace sethkit;

namespace {
std::string write_temp(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / name;
  std::ofstream(path) << text;
  return path.string();
}
}  // namespace

TEST_CASE("formula reader: the written records come back", "[instances][formula]") {
  for (const FormulaKind kind : {FormulaKind::kBoolean, FormulaKind::kArithmetic}) {
    FormulaFileParams p;
    p.formula.kind = kind;
    p.formula.depth = 3;
    p.formula.p = 7;
    p.count = 12;
    std::ostringstream out;
    write_formula_jsonl(out, p);
    const std::string path = write_temp("sethkit_formula_reader.jsonl", out.str());
    const FormulaFile file = read_formula_jsonl(path);
    std::filesystem::remove(path);
    CHECK(file.kind == kind);
    CHECK(file.p == (kind == FormulaKind::kBoolean ? 2 : 7));
    REQUIRE(file.records.size() == 12);
    for (std::size_t i = 0; i < file.records.size(); ++i) {
      const FormulaRecord& r = file.records[i];
      CHECK(r.id == i);
      CHECK(r.line == i + 2);
      CHECK(evaluate_postfix(r.postfix, kind, file.p) == r.label);
    }
  }
}

TEST_CASE("formula reader: malformed files name the line", "[instances][formula]") {
  const std::string header =
      R"({"type":"header","format":"sethkit-formula","kind":"boolean","p":null})";
  const auto refused = [](const std::string& text, const std::string& message) {
    const std::string path = write_temp("sethkit_formula_bad.jsonl", text);
    CHECK_THROWS_WITH(read_formula_jsonl(path), Catch::Contains(message));
    std::filesystem::remove(path);
  };
  refused("", "empty; expected a sethkit-formula file");
  refused(R"({"type":"formula"})", ":1: expected the header of a sethkit-formula file");
  refused(header + "\n{not json\n", ":2: not a JSON object");
  refused(header + "\n" + R"j({"type":"formula","id":0,"infix":"( 0 | 1 )","label":1})j",
          ":2: record 0 has no postfix encoding");
  refused(header + "\n" + R"({"type":"formula","id":4,"postfix":"0 1 |","label":2})",
          ":2: record 4: expected an integer \"label\" below 2");
  refused(R"({"type":"header","format":"sethkit-formula","kind":"arithmetic","p":null})",
          ":1: expected the modulus \"p\"");
}
