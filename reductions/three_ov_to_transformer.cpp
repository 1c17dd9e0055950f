#include "reductions/three_ov_to_transformer.hpp"

#include <fmt/format.h>

#include <bit>
#include <cmath>

#include <nlohmann/json.hpp>
#include <type_traits>

#include "core/error.hpp"
#include "core/json_fields.hpp"
#include "reductions/reduction.hpp"

namespace sethkit {

static_assert(Reduction<ThreeOvToTransformer>);

TransformerCertificate ThreeOvToTransformer::certificate(const ThreeOvInstance& source) const {
  TransformerCertificate c;
  c.n = source.n_a();
  c.d = source.d();
  c.k = source.n_c();
  c.layers = params_.layers;
  c.heads = params_.heads;
  require(c.layers >= 1 && c.heads >= 1, "3ov-to-transformer: L and H must be at least 1");
  if (c.layers * c.heads != c.k)
    throw ContractError(
        fmt::format("3ov-to-transformer: L H = {} x {} = {} heads, but C holds K = {} vectors",
                    c.layers, c.heads, c.layers * c.heads, c.k));
  if (source.n_b() != c.n)
    throw ContractError(
        fmt::format("3ov-to-transformer: A has {} vectors and B {}; pad B first (cnf-to-3ov does)",
                    c.n, source.n_b()));
  require(c.n >= 1, "3ov-to-transformer: A must not be empty");
  c.index_bits = c.n <= 1 ? 0 : static_cast<std::size_t>(std::bit_width(c.n - 1));
  const auto d = static_cast<Eigen::Index>(c.d), bits = static_cast<Eigen::Index>(c.index_bits);
  c.tokens = static_cast<Eigen::Index>(c.n) + 1;
  c.head_width = d;
  c.col_one = 2 * d;
  c.col_dum = 2 * d + 1;
  c.col_acc = 2 * d + 2;
  c.col_bits = 2 * d + 3;
  c.col_bit_out = 2 * d + 3 + bits;
  c.width = 2 * d + 3 + 2 * bits;
  c.bytes = 8.0 * (static_cast<double>(c.tokens) * static_cast<double>(c.width) +
                   static_cast<double>(c.k) * static_cast<double>(c.width) *
                       (2.0 * static_cast<double>(d) + static_cast<double>(c.width)));
  if (c.bytes > static_cast<double>(params_.limits.max_bytes))
    throw ContractError(fmt::format(
        "3ov-to-transformer: N = {}, D = {}, K = {} need {:.3g} GiB of input and weights; the "
        "limit is {:.3g} GiB",
        c.n, c.d, c.k, c.bytes / (1ULL << 30),
        static_cast<double>(params_.limits.max_bytes) / (1ULL << 30)));
  const double kn = static_cast<double>(c.k) * static_cast<double>(c.n);
  c.beta = params_.forced_beta > 0 ? params_.forced_beta : std::log(8 * kn);
  c.entry_bound = std::max(1.0, params_.balanced ? std::sqrt(c.beta) : c.beta);
  c.scale = 1;
  const double k = static_cast<double>(c.k);
  c.yes_bound = k - 0.5;
  c.no_bound = k * (1 - static_cast<double>(c.n) * std::exp(-c.beta));
  c.threshold = k - 0.25;
  c.tolerance = std::min(c.threshold - c.yes_bound, c.no_bound - c.threshold);
  c.tolerance_note = fmt::format(
      "decoding tolerates an entrywise error below {:.4g} on X_L (the paper's 1/(10N) = {:.3g} "
      "{} within it)",
      c.tolerance, 1.0 / (10.0 * static_cast<double>(c.n)),
      1.0 / (10.0 * static_cast<double>(c.n)) < c.tolerance ? "lies" : "does not lie");
  return c;
}

TransformerInstance ThreeOvToTransformer::encode(const ThreeOvInstance& source) const {
  TransformerInstance out;
  out.certificate = certificate(source);
  const TransformerCertificate& c = out.certificate;
  const auto d = static_cast<Eigen::Index>(c.d), m = c.width;
  const auto n = static_cast<Eigen::Index>(c.n);

  out.x = Matrix::Zero(c.tokens, m);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index t = 0; t < d; ++t) {
      out.x(i, t) = source.a(static_cast<std::size_t>(i))[static_cast<std::size_t>(t)];
      out.x(i, d + t) = source.b(static_cast<std::size_t>(i))[static_cast<std::size_t>(t)];
    }
    for (std::size_t p = 0; p < c.index_bits; ++p)
      out.x(i, c.col_bits + static_cast<Eigen::Index>(p)) = static_cast<double>((i >> p) & 1);
    out.x(i, c.col_one) = 1;
  }
  out.x(n, c.col_one) = 1;
  out.x(n, c.col_dum) = 1;

  const double q_weight = params_.balanced ? -std::sqrt(c.beta) : -c.beta;
  const double k_weight = params_.balanced ? std::sqrt(c.beta) : 1.0;
  TransformerModel& model = out.model;
  model.width = m;
  model.aggregation = Aggregation::kSum;
  model.mlp_mode = params_.mlp_mode;
  model.attention = params_.attention;
  model.scale = 1;
  model.layers.resize(c.layers);
  for (std::size_t l = 0; l < c.layers; ++l) {
    model.layers[l].heads.resize(c.heads);
    for (std::size_t h = 0; h < c.heads; ++h) {
      const auto ck = source.c(l * c.heads + h);
      TransformerHead& head = model.layers[l].heads[h];
      head.wq = Matrix::Zero(m, d);
      head.wk = Matrix::Zero(m, d);
      head.wv = Matrix::Zero(m, m);
      for (Eigen::Index t = 0; t < d; ++t) {
        head.wq(t, t) = ck[static_cast<std::size_t>(t)] ? q_weight : 0.0;
        head.wk(d + t, t) = k_weight;
      }
      head.wv(c.col_dum, c.col_acc) = 1;
      for (std::size_t p = 0; p < c.index_bits; ++p)
        head.wv(c.col_bits + static_cast<Eigen::Index>(p),
                c.col_bit_out + static_cast<Eigen::Index>(p)) = 1;
    }
  }
  return out;
}

TransformerDecoded ThreeOvToTransformer::decode(const ThreeOvInstance&,
                                                const TransformerInstance& target,
                                                const Matrix& output, double assumed_error) const {
  return decode_transformer_output(target.certificate, output, assumed_error);
}

TransformerDecoded decode_transformer_output(const TransformerCertificate& c, const Matrix& output,
                                             double assumed_error) {
  require(output.rows() == c.tokens && output.cols() == c.width,
          "3ov-to-transformer decode: the output must have the model's shape");
  TransformerDecoded out;
  out.assumed_error = assumed_error;
  const auto n = static_cast<Eigen::Index>(c.n);
  out.min_acc = output(0, c.col_acc);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double acc = output(i, c.col_acc);
    if (!std::isfinite(acc)) {
      out.note = fmt::format("ACC of row {} is not finite", i);
      return out;
    }
    if (acc < out.min_acc) {
      out.min_acc = acc;
      out.row = static_cast<std::size_t>(i);
    }
  }
  // YES rows sit at <= yes_bound, NO rows at >= no_bound; an output between
  // the two widened by the assumed error means the oracle erred beyond it.
  if (out.min_acc <= c.yes_bound + assumed_error) {
    out.verdict = Verdict::kYes;
    out.margin = c.threshold - out.min_acc;
  } else if (out.min_acc >= c.no_bound - assumed_error) {
    out.verdict = Verdict::kNo;
    out.margin = out.min_acc - c.threshold;
  } else {
    out.note = fmt::format(
        "min ACC = {:.6g} lies between the YES bound {:.6g} and the NO bound {:.6g} widened by "
        "the assumed error {:.3g}",
        out.min_acc, c.yes_bound, c.no_bound, assumed_error);
  }
  return out;
}

TransformerModel keep_heads(const TransformerModel& model, std::size_t first, std::size_t last) {
  TransformerModel out = model;
  const std::size_t h_count = model.num_heads();
  for (std::size_t l = 0; l < out.layers.size(); ++l)
    for (std::size_t h = 0; h < h_count; ++h) {
      const std::size_t k = l * h_count + h;
      if (k < first || k >= last) out.layers[l].heads[h].wv.setZero();
    }
  return out;
}

TransformerWitness ThreeOvToTransformer::recover_witness(const ThreeOvInstance& source,
                                                         const TransformerInstance& target,
                                                         std::size_t row,
                                                         const TransformerOracle& oracle) const {
  const TransformerCertificate& c = target.certificate;
  require(row < c.n, "3ov-to-transformer witness: row out of range");
  const auto i = static_cast<Eigen::Index>(row);
  TransformerWitness out;
  // Heads [lo, hi) hold a witness head of the row; halve the range.
  std::size_t lo = 0, hi = c.k;
  while (hi - lo > 1) {
    const std::size_t mid = lo + (hi - lo) / 2;
    const Matrix y = oracle(keep_heads(target.model, lo, mid), target.x);
    ++out.oracle_calls;
    if (y(i, c.col_acc) < static_cast<double>(mid - lo) - 0.25)
      hi = mid;
    else
      lo = mid;
  }
  const std::size_t k = lo;
  // The partner's index bits, halved by the tie with the dummy.
  const Matrix y = oracle(keep_heads(target.model, k, k + 1), target.x);
  ++out.oracle_calls;
  std::size_t j = 0;
  for (std::size_t p = 0; p < c.index_bits; ++p)
    if (y(i, c.col_bit_out + static_cast<Eigen::Index>(p)) > 0.25) j |= std::size_t{1} << p;
  if (is_orthogonal_triple(source, {row, j, k})) {
    out.triple = Triple{row, j, k};
    out.method = "bits";
    return out;
  }
  for (std::size_t jj = 0; jj < source.n_b(); ++jj)  // several witnesses: their bits averaged
    if (is_orthogonal_triple(source, {row, jj, k})) {
      out.triple = Triple{row, jj, k};
      out.method = "scan";
      return out;
    }
  out.method = "none";
  return out;
}

using nlohmann::json;

json to_json(const TransformerCertificate& c) {
  return {{"N", c.n},
          {"D", c.d},
          {"K", c.k},
          {"layers", c.layers},
          {"heads", c.heads},
          {"tokens", c.tokens},
          {"width", c.width},
          {"head_width", c.head_width},
          {"index_bits", c.index_bits},
          {"beta", c.beta},
          {"B", c.entry_bound},
          {"scale", c.scale},
          {"yes_bound", c.yes_bound},
          {"no_bound", c.no_bound},
          {"threshold", c.threshold},
          {"tolerated_error", c.tolerance},
          {"tolerance_note", c.tolerance_note},
          {"columns",
           {{"one", c.col_one},
            {"dum", c.col_dum},
            {"acc", c.col_acc},
            {"bits", c.col_bits},
            {"bit_out", c.col_bit_out}}}};
}

TransformerCertificate transformer_certificate_from_json(const json& j, const std::string& file) {
  // N beyond 2^40 cannot be a built instance (and N + 1 must not overflow);
  // no width, layer or head count comes near 2^40 either.
  constexpr std::int64_t kMax = std::int64_t{1} << 40;
  constexpr double kHuge = 1e300;
  const JsonFields f(j, file, "3ov_to_transformer");
  const auto size = [&f](const char* key, std::int64_t lo) {
    return static_cast<std::size_t>(f.integer(key, lo, kMax));
  };
  TransformerCertificate c;
  c.n = size("N", 1);
  c.d = size("D", 1);
  c.k = size("K", 1);
  c.layers = size("layers", 1);
  c.heads = size("heads", 1);
  c.tokens = f.integer("tokens", 2, kMax + 1);
  c.width = f.integer("width", 1, kMax);
  c.head_width = f.integer("head_width", 1, kMax);
  c.index_bits = size("index_bits", 0);
  c.beta = f.number("beta", 0, kHuge);
  c.entry_bound = f.number("B", 0, kHuge);
  c.scale = f.number("scale", 0, kHuge);
  c.yes_bound = f.number("yes_bound", -kHuge, kHuge);
  c.no_bound = f.number("no_bound", -kHuge, kHuge);
  c.threshold = f.number("threshold", -kHuge, kHuge);
  c.tolerance = f.number("tolerated_error", 0, kHuge);
  const JsonFields cols = f.object("columns");
  const auto column = [&cols, &c](const char* key) { return cols.integer(key, 0, c.width - 1); };
  c.col_one = column("one");
  c.col_dum = column("dum");
  c.col_acc = column("acc");
  c.col_bits = column("bits");
  c.col_bit_out = column("bit_out");
  for (const auto& [key, first] :
       {std::pair{"bits", c.col_bits}, std::pair{"bit_out", c.col_bit_out}})
    if (first + static_cast<Eigen::Index>(c.index_bits) > c.width)
      cols.fail(key, fmt::format("its {} index bits from column {} pass the width {}", c.index_bits,
                                 first, c.width));
  if (c.tokens != static_cast<Eigen::Index>(c.n) + 1)
    f.fail("tokens", fmt::format("expected N + 1 = {}, found {}", c.n + 1, c.tokens));
  if (!(c.yes_bound < c.threshold && c.threshold < c.no_bound) || !(c.tolerance > 0))
    throw InputError(file,
                     "3ov_to_transformer: inconsistent decoding bounds (expected yes_bound < "
                     "threshold < no_bound and a positive tolerated_error)");
  return c;
}

EdgeRecord ThreeOvToTransformer::edge() {
  return {kName,
          "3-ov",
          "transformer",
          kDeclaredOverhead,
          {{"tokens", "N + 1"}, {"width", "2 * D + 3 + 2 * ceil(log2(N))"}, {"heads", "K"}},
          "1/8 on the ACC column; threshold K - 1/4",
          "Saha-Xu-Ye-Yu 2026 (derived)",
          "docs/reductions/three_ov_to_transformer.md",
          "reductions/three_ov_to_transformer.hpp"};
}

}  // namespace sethkit
