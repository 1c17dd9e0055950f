// The precision RoPE assumes (docs/rope.md, "The precision it assumes"): the
// RoPE circuit bound of Chen, Li, Liang, Long, Shi, Song, "Circuit Complexity
// Bounds for RoPE-based Transformer Architecture" (2024) is for poly(n)-bit
// precision; this sweep measures what a fixed float format does at large
// positions. Every operation of the RoPE pipeline (position times
// frequency, cos and sin, the rotation's products and sums, the logit's
// accumulation) is rounded to the format (float16 and bfloat16 emulated by
// rounding doubles: round to nearest even, float16 with its exponent range,
// overflow to infinity and subnormals), against an 80-bit extended-precision
// reference. Two series:
//   error:     the largest and the median |logit - reference| / (|q| |k|)
//              over random unit q, k at query position m and keys m - t;
//   selection: a content-free head that should pick the key `offset`
//              positions back (q = R_(-offset) k on every pair, every key
//              k), over the `window` keys before position m: right when the
//              format's scores have their unique maximum there.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace sethkit {

enum class FloatFormat { kFloat16, kBfloat16, kFloat32, kFloat64 };
const char* to_string(FloatFormat format);

// x rounded to the format (round to nearest even; float16 overflows to
// +-infinity above 65504 and has subnormals below 2^-14).
double round_to(double x, FloatFormat format);

struct RopePrecisionParams {
  std::vector<std::string> formats = {"float16", "bfloat16", "float32", "float64"};
  std::vector<double> bases = {10000, 500000};
  long head_dim = 64;
  int max_log_position = 20;  // positions 2^0 .. 2^max
  long offset = 1;            // the selection head's target: this many keys back
  long window = 64;           // keys the selection head compares
  int samples = 32;           // random (q, k) pairs per position for the error
  std::uint64_t seed = 1;
};

struct RopePrecisionPoint {
  std::string format;
  double base = 0;
  long position = 0;
  double max_error = 0, median_error = 0;  // relative to |q| |k|; inf when a value overflows
  bool has_target = false;                 // position >= offset
  bool selects = false;                    // the selection head picks the right key
  double margin = 0;  // the format's best score minus its best wrong one (relative)
};

// The journal's form of a point: a value that is not finite (an overflow)
// as null.
void to_json(nlohmann::json& j, const RopePrecisionPoint& p);
void from_json(const nlohmann::json& j, RopePrecisionPoint& p);

// ContractError for an unknown format, an odd or non-positive head
// dimension, a base <= 1, or positions beyond 2^30 (the CLI asks first).
void require_valid_rope_precision(const RopePrecisionParams& params);

class CellJournal;

// Every (format, base, position) in order; with a journal, points recorded
// there are reused and new ones recorded (another shard's skipped).
std::vector<RopePrecisionPoint> run_rope_precision(const RopePrecisionParams& params,
                                                   CellJournal* journal = nullptr);
nlohmann::json rope_precision_parameters(const RopePrecisionParams& params);

// Per format and base: the largest position of the grid up to which the
// selection head is right at every position that has a target, or 0.
struct RopeSelectionLimit {
  std::string format;
  double base = 0;
  long largest_right = 0;
};
std::vector<RopeSelectionLimit> rope_selection_limits(
    const std::vector<RopePrecisionPoint>& points);

std::string rope_precision_csv(const std::vector<RopePrecisionPoint>& points);
nlohmann::json rope_precision_json(const RopePrecisionParams& params,
                                   const std::vector<RopePrecisionPoint>& points);

}  // namespace sethkit
