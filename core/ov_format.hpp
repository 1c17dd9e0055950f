// The OV text format (spec/formats.md, section 3.1).
//
//   c planted <i> <j>      a known orthogonal pair (0-based), may repeat
//   c answer yes|no        the known answer
//   p ov <nA> <nB> <d>
//   a 0110...              exactly d characters from {0,1}, nA lines
//   b 1001...              nB lines
//
// Strict mode errors on count mismatches; lenient mode warns and uses the
// actual counts. Both error on malformed vector lines. Declared sizes are
// checked against Limits before allocation.
#pragma once

#include <string>
#include <vector>

#include "core/limits.hpp"
#include "core/ov.hpp"
#include "core/provenance.hpp"

namespace sethkit {

struct OvReadOptions {
  bool strict = false;
  Limits limits{};
};

struct OvFile {
  OvInstance instance;
  std::vector<std::string> warnings;
};

OvFile parse_ov(const std::string& text, const std::string& name,
                const OvReadOptions& options = {});
OvFile read_ov(const std::string& path, const OvReadOptions& options = {});

// Writes provenance, the planted pairs and known answer as comments, the
// header, all a lines, then all b lines.
std::string format_ov(const OvInstance& ov, const Provenance& provenance);
void write_ov(const std::string& path, const OvInstance& ov, const Provenance& provenance);

}  // namespace sethkit
