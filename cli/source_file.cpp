#include "cli/source_file.hpp"

#include <fmt/format.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "core/dimacs.hpp"
#include "core/error.hpp"
#include "core/file_io.hpp"
#include "core/ov_format.hpp"
#include "core/text_lines.hpp"

namespace sethkit::cli {

namespace {
// True if the first line starting with 'p' declares an OV instance.
bool looks_like_ov(const std::string& text) {
  LineScanner lines(text);
  while (auto line = lines.next()) {
    const auto body = trim_left(*line);
    if (!body.empty() && body.front() == 'p') {
      const auto tokens = tokenize(body);
      return tokens.size() >= 2 && tokens[1].text == "ov";
    }
  }
  return false;
}
}  // namespace

SourceFile load_source(const std::string& path, bool strict) {
  SourceFile source;
  source.path = path;
  const std::string text = read_text_file(path);
  source.sha256 = sha256_hex(text);
  const std::string name = path == "-" ? "<stdin>" : path;
  if (looks_like_ov(text)) {
    auto file = parse_ov(text, name, OvReadOptions{strict, {}});
    source.ov = std::move(file.instance);
    source.warnings = std::move(file.warnings);
  } else {
    auto file = parse_dimacs(text, name, DimacsOptions{strict, {}});
    source.cnf = std::move(file.cnf);
    source.warnings = std::move(file.warnings);
  }
  for (const auto& w : source.warnings) std::cerr << w << "\n";
  return source;
}

nlohmann::json source_params(const SourceFile& source) {
  if (source.cnf) return {{"vars", source.cnf->num_vars()}, {"clauses", source.cnf->num_clauses()}};
  return {{"nA", source.ov->n_a()}, {"nB", source.ov->n_b()}, {"d", source.ov->d()}};
}

}  // namespace sethkit::cli
