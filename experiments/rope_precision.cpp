#include "experiments/rope_precision.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "core/cell_journal.hpp"
#include "core/error.hpp"
#include "core/json_report.hpp"
#include "core/rng.hpp"

namespace sethkit {

const char* to_string(FloatFormat format) {
  switch (format) {
    case FloatFormat::kFloat16:
      return "float16";
    case FloatFormat::kBfloat16:
      return "bfloat16";
    case FloatFormat::kFloat32:
      return "float32";
    default:
      return "float64";
  }
}

namespace {
// x with `bits` significant bits, round to nearest even.
double round_significand(double x, int bits) {
  if (x == 0 || !std::isfinite(x)) return x;
  int e = 0;
  const double m = std::frexp(x, &e);  // |m| in [0.5, 1)
  return std::ldexp(std::nearbyint(std::ldexp(m, bits)), e - bits);
}

FloatFormat format_from(const std::string& word) {
  for (const FloatFormat f : {FloatFormat::kFloat16, FloatFormat::kBfloat16, FloatFormat::kFloat32,
                              FloatFormat::kFloat64})
    if (word == to_string(f)) return f;
  throw ContractError(fmt::format(
      "rope-precision: format '{}'; expected float16, bfloat16, float32 or float64", word));
}

using Extended = long double;

// One RoPE rotation and logit in a format: every result rounded.
struct FormatPipeline {
  FloatFormat format;
  std::vector<double> theta;  // the frequencies, rounded

  double r(double x) const { return round_to(x, format); }

  std::vector<double> rotate(const std::vector<double>& x, long position) const {
    std::vector<double> out(x.size());
    const double m = r(static_cast<double>(position));
    for (std::size_t p = 0; p < theta.size(); ++p) {
      const double angle = r(m * theta[p]);
      const double c = r(std::cos(angle)), s = r(std::sin(angle));
      const double a = r(x[2 * p]), b = r(x[2 * p + 1]);
      out[2 * p] = r(r(a * c) - r(b * s));
      out[2 * p + 1] = r(r(a * s) + r(b * c));
    }
    return out;
  }

  double dot(const std::vector<double>& a, const std::vector<double>& b) const {
    double acc = 0;
    for (std::size_t i = 0; i < a.size(); ++i) acc = r(acc + r(a[i] * b[i]));
    return acc;
  }
};

struct ExtendedPipeline {
  std::vector<Extended> theta;

  std::vector<Extended> rotate(const std::vector<Extended>& x, Extended position) const {
    std::vector<Extended> out(x.size());
    for (std::size_t p = 0; p < theta.size(); ++p) {
      const Extended angle = position * theta[p];
      const Extended c = std::cos(angle), s = std::sin(angle);
      out[2 * p] = x[2 * p] * c - x[2 * p + 1] * s;
      out[2 * p + 1] = x[2 * p] * s + x[2 * p + 1] * c;
    }
    return out;
  }
  static Extended dot(const std::vector<Extended>& a, const std::vector<Extended>& b) {
    Extended acc = 0;
    for (std::size_t i = 0; i < a.size(); ++i) acc += a[i] * b[i];
    return acc;
  }
};

std::vector<Extended> unit_vector(Rng& rng, long d) {
  std::vector<Extended> v(static_cast<std::size_t>(d));
  Extended norm = 0;
  for (Extended& x : v) {
    x = static_cast<Extended>(rng.normal());
    norm += x * x;
  }
  for (Extended& x : v) x /= std::sqrt(norm);
  return v;
}

std::vector<double> to_double(const std::vector<Extended>& v) {
  return std::vector<double>(v.begin(), v.end());
}

RopePrecisionPoint measure(const RopePrecisionParams& p, FloatFormat format, double base,
                           long position, std::uint64_t seed) {
  const long pairs = p.head_dim / 2;
  FormatPipeline low{format, {}};
  ExtendedPipeline exact;
  for (long i = 0; i < pairs; ++i) {
    const Extended exponent = -2.0L * static_cast<Extended>(i) / static_cast<Extended>(p.head_dim);
    exact.theta.push_back(std::pow(static_cast<Extended>(base), exponent));
    low.theta.push_back(low.r(std::pow(base, static_cast<double>(exponent))));
  }
  RopePrecisionPoint pt;
  pt.format = to_string(format);
  pt.base = base;
  pt.position = position;
  Rng rng(seed);
  std::vector<double> errors;
  for (int s = 0; s < p.samples; ++s) {
    const auto q = unit_vector(rng, p.head_dim), k = unit_vector(rng, p.head_dim);
    for (const long t : {0L, 1L, 16L, 256L}) {
      if (t > position) continue;
      const Extended want =
          ExtendedPipeline::dot(exact.rotate(q, static_cast<Extended>(position)),
                                exact.rotate(k, static_cast<Extended>(position - t)));
      const double got =
          low.dot(low.rotate(to_double(q), position), low.rotate(to_double(k), position - t));
      const double e = std::isfinite(got) ? static_cast<double>(std::fabs(got - want))
                                          : std::numeric_limits<double>::infinity();
      errors.push_back(e);
    }
  }
  std::sort(errors.begin(), errors.end());
  pt.max_error = errors.back();
  pt.median_error = errors[errors.size() / 2];

  // The selection head: keys k* everywhere, the query R_(-offset) k*.
  const auto key = unit_vector(rng, p.head_dim);
  const auto query = to_double(exact.rotate(key, -static_cast<Extended>(p.offset)));
  const std::vector<double> key_d = to_double(key);
  const std::vector<double> rotated_query = low.rotate(query, position);
  const long target = position - p.offset;
  double best_right = -std::numeric_limits<double>::infinity();
  double best_wrong = -std::numeric_limits<double>::infinity();
  bool finite = true;
  for (long j = std::max(0L, position - p.window); j <= position; ++j) {
    const double score = low.dot(rotated_query, low.rotate(key_d, j));
    if (!std::isfinite(score)) finite = false;
    if (j == target)
      best_right = score;
    else
      best_wrong = std::max(best_wrong, score);
  }
  pt.has_target = target >= 0;
  pt.selects = finite && pt.has_target && best_right > best_wrong;
  pt.margin =
      finite && target >= 0 ? best_right - best_wrong : -std::numeric_limits<double>::infinity();
  return pt;
}
}  // namespace

double round_to(double x, FloatFormat format) {
  switch (format) {
    case FloatFormat::kFloat64:
      return x;
    case FloatFormat::kFloat32:
      return static_cast<double>(static_cast<float>(x));
    case FloatFormat::kBfloat16:
      return round_significand(x, 8);
    case FloatFormat::kFloat16: {
      if (!std::isfinite(x)) return x;
      const double subnormal_quantum = std::ldexp(1.0, -24);
      if (std::fabs(x) < std::ldexp(1.0, -14))
        return std::nearbyint(x / subnormal_quantum) * subnormal_quantum;
      const double y = round_significand(x, 11);
      return std::fabs(y) > 65504 ? std::copysign(std::numeric_limits<double>::infinity(), y) : y;
    }
  }
  return x;
}

void to_json(nlohmann::json& j, const RopePrecisionPoint& p) {
  const auto number = [](double x) {
    return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr);
  };
  j = {{"format", p.format},
       {"base", p.base},
       {"position", p.position},
       {"max_error", number(p.max_error)},
       {"median_error", number(p.median_error)},
       {"has_target", p.has_target},
       {"selects", p.selects},
       {"margin", number(p.margin)}};
}

void from_json(const nlohmann::json& j, RopePrecisionPoint& p) {
  const auto number = [&](const char* key, double missing) {
    return j.at(key).is_null() ? missing : j.at(key).get<double>();
  };
  const double inf = std::numeric_limits<double>::infinity();
  p.format = j.at("format").get<std::string>();
  p.base = j.at("base").get<double>();
  p.position = j.at("position").get<long>();
  p.max_error = number("max_error", inf);
  p.median_error = number("median_error", inf);
  p.has_target = j.at("has_target").get<bool>();
  p.selects = j.at("selects").get<bool>();
  p.margin = number("margin", -inf);
}

void require_valid_rope_precision(const RopePrecisionParams& p) {
  require(p.head_dim >= 2 && p.head_dim % 2 == 0 && p.head_dim <= 4096,
          "rope-precision: the head dimension must be even, in [2, 4096]");
  require(p.max_log_position >= 0 && p.max_log_position <= 30,
          "rope-precision: positions up to 2^30");
  require(p.offset >= 1 && p.window > p.offset && p.window <= 4096,
          "rope-precision: 1 <= offset < window <= 4096");
  require(p.samples >= 1 && p.samples <= 100000, "rope-precision: samples in [1, 100000]");
  for (const std::string& f : p.formats) (void)format_from(f);
  for (const double b : p.bases)
    require(b > 1 && std::isfinite(b), fmt::format("rope-precision: base {} is not above 1", b));
}

nlohmann::json rope_precision_parameters(const RopePrecisionParams& p) {
  return {{"formats", p.formats},   {"bases", p.bases},
          {"head_dim", p.head_dim}, {"max_log_position", p.max_log_position},
          {"offset", p.offset},     {"window", p.window},
          {"samples", p.samples},   {"seed", p.seed}};
}

std::vector<RopePrecisionPoint> run_rope_precision(const RopePrecisionParams& p,
                                                   CellJournal* journal) {
  require_valid_rope_precision(p);
  std::vector<RopePrecisionPoint> points;
  for (const std::string& word : p.formats)
    for (const double base : p.bases)
      for (int e = 0; e <= p.max_log_position; ++e) {
        const std::string key = fmt::format("{}/{:g}/{}", word, base, e);
        if (not_this_shard(journal, key)) continue;
        points.push_back(journaled<RopePrecisionPoint>(journal, key, [&] {
          return measure(p, format_from(word), base, 1L << e,
                         p.seed + static_cast<std::uint64_t>(e));
        }));
      }
  return points;
}

std::vector<RopeSelectionLimit> rope_selection_limits(
    const std::vector<RopePrecisionPoint>& points) {
  std::vector<RopeSelectionLimit> limits;
  bool broken = false;
  for (const RopePrecisionPoint& pt : points) {
    if (limits.empty() || limits.back().format != pt.format || limits.back().base != pt.base) {
      limits.push_back({pt.format, pt.base, 0});
      broken = false;
    }
    if (!pt.has_target || broken) continue;
    if (pt.selects)
      limits.back().largest_right = pt.position;
    else
      broken = true;
  }
  return limits;
}

std::string rope_precision_csv(const std::vector<RopePrecisionPoint>& points) {
  std::string csv = "format,base,position,max_error,median_error,selects,margin\n";
  for (const RopePrecisionPoint& p : points)
    csv += fmt::format("{},{:g},{},{:.3g},{:.3g},{},{:.3g}\n", p.format, p.base, p.position,
                       p.max_error, p.median_error, p.selects ? 1 : 0, p.margin);
  return csv;
}

nlohmann::json rope_precision_json(const RopePrecisionParams& params,
                                   const std::vector<RopePrecisionPoint>& points) {
  nlohmann::json rows = nlohmann::json::array();
  for (const RopePrecisionPoint& p : points) rows.push_back(p);
  nlohmann::json limits = nlohmann::json::array();
  for (const RopeSelectionLimit& l : rope_selection_limits(points))
    limits.push_back({{"format", l.format}, {"base", l.base}, {"largest_right", l.largest_right}});
  return {{"tool", tool_json()},
          {"experiment", "rope-precision"},
          {"parameters", rope_precision_parameters(params)},
          {"points", rows},
          {"selection_limits", limits}};
}

}  // namespace sethkit
