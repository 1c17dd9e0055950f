#include "instances/formula_reader.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "core/error.hpp"
#include "core/file_io.hpp"

namespace sethkit {

namespace {
nlohmann::json parse_line(const std::string& path, std::size_t line, const std::string& text) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception&) {
    throw InputError(path, line, 0, "not a JSON object; expected one record per line");
  }
}
}  // namespace

FormulaFile read_formula_jsonl(const std::string& path, const Limits& limits) {
  std::istringstream in(read_text_file(path, limits.max_bytes));
  FormulaFile file;
  std::string text;
  std::size_t line = 0;
  bool header = false;
  while (std::getline(in, text)) {
    ++line;
    if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
    const nlohmann::json doc = parse_line(path, line, text);
    if (!header) {
      if (!doc.is_object() || doc.value("format", "") != "sethkit-formula" ||
          doc.value("type", "") != "header")
        throw InputError(path, line, 0,
                         "expected the header of a sethkit-formula file (sethkit gen formula)");
      const std::string kind = doc.value("kind", "");
      if (kind != "boolean" && kind != "arithmetic")
        throw InputError(path, line, 0, "expected \"kind\": \"boolean\" or \"arithmetic\"");
      file.kind = kind == "boolean" ? FormulaKind::kBoolean : FormulaKind::kArithmetic;
      if (file.kind == FormulaKind::kArithmetic) {
        if (!doc.contains("p") || !doc["p"].is_number_unsigned() ||
            doc["p"].get<std::uint64_t>() < 2)
          throw InputError(path, line, 0, "expected the modulus \"p\", an integer >= 2");
        file.p = doc["p"].get<std::uint64_t>();
      }
      header = true;
      continue;
    }
    if (!doc.is_object() || doc.value("type", "") != "formula")
      throw InputError(path, line, 0, "expected a record with \"type\": \"formula\"");
    FormulaRecord r;
    r.line = line;
    if (!doc.contains("id") || !doc["id"].is_number_unsigned())
      throw InputError(path, line, 0, "expected an integer \"id\"");
    r.id = doc["id"].get<std::uint64_t>();
    if (!doc.contains("postfix") || !doc["postfix"].is_string())
      throw InputError(path, line, 0,
                       fmt::format("record {} has no postfix encoding (write the file with "
                                   "--encoding postfix or both)",
                                   r.id));
    r.postfix = doc["postfix"].get<std::string>();
    if (!doc.contains("label") || !doc["label"].is_number_unsigned() ||
        doc["label"].get<std::uint64_t>() >= file.p)
      throw InputError(
          path, line, 0,
          fmt::format("record {}: expected an integer \"label\" below {}", r.id, file.p));
    r.label = doc["label"].get<std::uint64_t>();
    file.records.push_back(std::move(r));
  }
  if (!header) throw InputError(path, "empty; expected a sethkit-formula file");
  return file;
}

}  // namespace sethkit
