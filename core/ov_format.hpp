// The OV text format (docs/formats.md).
//
//   c planted <i> <j>      a known orthogonal pair (0-based), may repeat
//   c answer yes|no        the known answer
//   p ov <nA> <nB> <d>
//   a 0110...              exactly d characters from {0,1}, nA lines
//   b 1001...              nB lines
//
// Strict mode errors on count mismatches; lenient mode warns and uses the
// actual counts. Both error on malformed vector lines. Declared sizes are
// checked against Limits before allocation. The same syntax with the header
// 'p gap-hamming nA nB d t eps' and 'c label i yes|no' lines holds a
// Gap-Hamming instance (core/gap_hamming.hpp).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/limits.hpp"
#include "core/ov.hpp"
#include "core/provenance.hpp"

namespace sethkit {

struct OvReadOptions {
  bool strict = false;
  Limits limits{};
};

// The promise of a Gap-Hamming file (header 'p gap-hamming nA nB d t eps').
struct GapPromise {
  std::size_t t = 0;
  double eps = 0;
};

struct OvFile {
  OvInstance instance;
  std::vector<std::string> warnings;
  std::optional<GapPromise> gap;                     // set by a 'p gap-hamming' header
  std::vector<std::pair<std::size_t, bool>> labels;  // 'c label i yes|no' lines
};

OvFile parse_ov(const std::string& text, const std::string& name,
                const OvReadOptions& options = {});
OvFile read_ov(const std::string& path, const OvReadOptions& options = {});

// Writes provenance, the planted pairs and known answer as comments, the
// header, all a lines, then all b lines.
std::string format_ov(const OvInstance& ov, const Provenance& provenance);
void write_ov(const std::string& path, const OvInstance& ov, const Provenance& provenance);

}  // namespace sethkit
