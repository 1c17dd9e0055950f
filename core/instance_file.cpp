#include "core/instance_file.hpp"

#include <fmt/format.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "core/dimacs.hpp"
#include "core/error.hpp"
#include "core/file_io.hpp"
#include "core/gap_hamming.hpp"
#include "core/ov_format.hpp"
#include "core/provenance.hpp"
#include "core/text_lines.hpp"

namespace sethkit {

namespace {
// The problem named by the first line starting with 'p' ("cnf" when none).
std::string header_kind(const std::string& text) {
  LineScanner lines(text);
  while (auto line = lines.next()) {
    const auto body = trim_left(*line);
    if (!body.empty() && body.front() == 'p') {
      const auto tokens = tokenize(body);
      return tokens.size() >= 2 ? std::string(tokens[1].text) : "cnf";
    }
  }
  return "cnf";
}
}  // namespace

SourceFile load_source(const std::string& path, bool strict) {
  SourceFile source;
  source.path = path;
  const std::string text = read_text_file(path);
  source.sha256 = sha256_hex(text);
  const std::string name = path == "-" ? "<stdin>" : path;
  const std::string kind = header_kind(text);
  if (kind == "gap-hamming") {
    source.gap = parse_gap_hamming(text, name, OvReadOptions{strict, {}});
  } else if (kind == "ov") {
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

SourceFile in_memory_source(const Cnf& cnf, const std::string& name) {
  SourceFile source{name, sha256_hex(format_dimacs(cnf, Provenance{})), cnf, {}, {}, {}};
  return source;
}

SourceFile in_memory_source(const OvInstance& ov, const std::string& name) {
  SourceFile source{name, sha256_hex(format_ov(ov, Provenance{})), {}, ov, {}, {}};
  return source;
}

SourceFile in_memory_source(const GapHamming& gap, const std::string& name) {
  SourceFile source{name, sha256_hex(format_gap_hamming(gap, Provenance{})), {}, {}, gap, {}};
  return source;
}

ProblemValue problem_value(const SourceFile& source) {
  if (source.cnf) return *source.cnf;
  if (source.gap) return *source.gap;
  return *source.ov;
}

nlohmann::json source_params(const SourceFile& source) {
  const ProblemValue value = problem_value(source);
  return problem_params(value);
}

}  // namespace sethkit
