#include "experiments/baur_strassen.hpp"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "attention/transformer_backward.hpp"
#include "core/json_report.hpp"
#include "core/rng.hpp"
#include "experiments/measurement.hpp"
#include "reductions/products_to_transformer.hpp"

namespace sethkit {

namespace {
BaurStrassenRow measure(const BaurStrassenParams& p, std::size_t n, Rng& rng) {
  const std::size_t count = p.layers * p.heads;
  std::vector<MatrixProduct> products;
  for (std::size_t k = 0; k < count; ++k) {
    const auto size = static_cast<Eigen::Index>(n);
    const int lo = p.signed_entries ? -p.max_entry : 0;
    products.push_back({integer_matrix(rng, size, size, lo, p.max_entry),
                        integer_matrix(rng, size, size, lo, p.max_entry)});
  }
  ProductsToTransformerParams tp;
  tp.layers = p.layers;
  tp.heads = p.heads;
  tp.mlp_mode = p.mlp_mode;
  const ProductsTransformer target = encode_products(products, tp);
  TransformerGradient grad;
  std::vector<double> fwd, bwd;
  for (int r = 0; r < std::max(p.repeats, 1); ++r) {
    grad = transformer_gradient(target.model, target.x, target.upstream);
    fwd.push_back(grad.forward_seconds);
    bwd.push_back(grad.backward_seconds);
  }
  BaurStrassenRow row;
  row.n = n;
  row.products = count;
  row.forward_seconds = median(fwd);
  row.backward_seconds = median(bwd);
  const std::vector<Matrix> recovered = extract_products(target, grad);
  for (std::size_t k = 0; k < count; ++k) {
    const Matrix want = products[k].a * products[k].b;  // integers, exact in double
    const double dev = (recovered[k] - want).cwiseAbs().maxCoeff();
    row.max_deviation = std::max(row.max_deviation, std::isfinite(dev) ? dev : INFINITY);
    row.exact_products += recovered[k].array().round().matrix() == want ? 1 : 0;
  }
  row.anchor_max = *std::max_element(target.anchors.begin(), target.anchors.end());
  row.forward_ops = grad.forward_ops;
  row.backward_ops = grad.backward_ops;
  row.ops_ratio = static_cast<double>(grad.backward_ops) / static_cast<double>(grad.forward_ops);
  row.seconds_ratio = row.backward_seconds / std::max(row.forward_seconds, 1e-9);
  return row;
}
}  // namespace

std::vector<BaurStrassenRow> run_baur_strassen(
    const BaurStrassenParams& params, const std::function<void(const BaurStrassenRow&)>& progress) {
  Rng rng(params.seed);
  std::vector<BaurStrassenRow> rows;
  for (std::size_t n : params.n) {
    rows.push_back(measure(params, n, rng));
    if (progress) progress(rows.back());
  }
  return rows;
}

nlohmann::json baur_strassen_json(const BaurStrassenParams& params,
                                  const std::vector<BaurStrassenRow>& rows) {
  nlohmann::json out = nlohmann::json::array();
  bool all_exact = true;
  for (const BaurStrassenRow& r : rows) {
    all_exact = all_exact && r.exact_products == r.products;
    out.push_back({{"N", r.n},
                   {"products", r.products},
                   {"exact_products", r.exact_products},
                   {"max_deviation_before_rounding", r.max_deviation},
                   {"anchor_max", r.anchor_max},
                   {"forward_ops", r.forward_ops},
                   {"backward_ops", r.backward_ops},
                   {"ops_ratio", r.ops_ratio},
                   {"forward_s", r.forward_seconds},
                   {"backward_s", r.backward_seconds},
                   {"seconds_ratio", r.seconds_ratio}});
  }
  return {{"tool", tool_json()},
          {"experiment", "baur-strassen"},
          {"layers", params.layers},
          {"heads", params.heads},
          {"max_entry", params.max_entry},
          {"signed", params.signed_entries},
          {"mlp_mode", params.mlp_mode == MlpMode::kResid ? "resid" : "plain"},
          {"seed", params.seed},
          {"all_exact", all_exact},
          {"rows", out}};
}

}  // namespace sethkit
