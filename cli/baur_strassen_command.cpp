// `sethkit baur-strassen`: the mechanism of the large-embedding bound of Saha,
// Xu, Ye, Yu 2026 (spec/transformers.md 5.2-5.3): L H random integer matrix
// products placed in one transformer (reductions/products_to_transformer.hpp),
// all read off one reverse-mode pass (attention/transformer_backward.hpp),
// rounded and compared entry by entry with direct multiplication. Reports the
// backward/forward cost ratio, counted in multiply-adds and exponentials and
// in seconds. Exit 3 when a product is not reproduced exactly.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "core/json_report.hpp"
#include "core/rng.hpp"
#include "reductions/products_to_transformer.hpp"

namespace sethkit::cli {

namespace {
struct BaurStrassenArgs {
  std::vector<std::size_t> n = {8, 16, 32, 64, 128, 256};
  std::size_t layers = 2, heads = 2;
  int max_entry = 1;
  bool signed_entries = false;
  std::string mlp = "resid";
  std::uint64_t seed = 1;
  int repeats = 5;
  std::string json;
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

void add_baur_strassen_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<BaurStrassenArgs>();
  auto* cmd = app.add_subcommand(
      "baur-strassen",
      "L H integer matrix products read off one gradient of one transformer (the mechanism of "
      "the large-embedding bound; no lower bound is computed)");
  cmd->add_option("--n", args->n,
                  "Matrix sizes N (tokens N + 1, width 2N + 3); default 8,16,32,64,128,256")
      ->delimiter(',')
      ->check(CLI::Range(std::size_t{1}, std::size_t{512}));
  cmd->add_option("--layers", args->layers, "Layers L")
      ->check(CLI::Range(std::size_t{1}, std::size_t{64}));
  cmd->add_option("--heads", args->heads, "Heads per layer H")
      ->check(CLI::Range(std::size_t{1}, std::size_t{64}));
  cmd->add_option("--max-entry", args->max_entry,
                  "Entries are integers in [0, E] (default 1: 0/1 matrices)")
      ->check(CLI::Range(1, 1000));
  cmd->add_flag("--signed", args->signed_entries, "Entries in [-E, E] instead of [0, E]");
  cmd->add_option("--mlp", args->mlp, "MLP mode: resid (X + 0) or plain (ReLU, exact here)")
      ->check(CLI::IsMember({"resid", "plain"}));
  cmd->add_option("--seed", args->seed, "Seed of the random matrices");
  cmd->add_option("--repeats", args->repeats, "Gradient runs per N; the median times are reported")
      ->check(CLI::Range(1, 100));
  cmd->add_option("--json", args->json, "Write the measurements as JSON");
  cmd->callback([args, &exit_code] {
    Rng rng(args->seed);
    ProductsToTransformerParams params;
    params.layers = args->layers;
    params.heads = args->heads;
    params.mlp_mode = args->mlp == "resid" ? MlpMode::kResid : MlpMode::kPlain;
    const std::size_t count = args->layers * args->heads;
    nlohmann::json rows = nlohmann::json::array();
    bool all_exact = true;
    fmt::print("{} layers x {} heads: {} independent products per N, entries in [{}, {}]\n",
               args->layers, args->heads, count, args->signed_entries ? -args->max_entry : 0,
               args->max_entry);
    fmt::print("{:>5} {:>9} {:>12} {:>12} {:>14} {:>14} {:>9} {:>10} {:>10} {:>9}\n", "N", "exact",
               "entries", "max |dev|", "forward ops", "backward ops", "ops ratio", "fwd s", "bwd s",
               "s ratio");
    fmt::print("(ops: multiply-adds and exponentials counted; seconds: medians of {} runs)\n",
               args->repeats);
    for (std::size_t n : args->n) {
      std::vector<MatrixProduct> products;
      for (std::size_t k = 0; k < count; ++k) {
        const auto size = static_cast<Eigen::Index>(n);
        const int lo = args->signed_entries ? -args->max_entry : 0;
        products.push_back({integer_matrix(rng, size, size, lo, args->max_entry),
                            integer_matrix(rng, size, size, lo, args->max_entry)});
      }
      const ProductsTransformer target = encode_products(products, params);
      TransformerGradient grad;
      std::vector<double> fwd, bwd;
      for (int r = 0; r < args->repeats; ++r) {
        grad = transformer_gradient(target.model, target.x, target.upstream);
        fwd.push_back(grad.forward_seconds);
        bwd.push_back(grad.backward_seconds);
      }
      grad.forward_seconds = median(fwd);
      grad.backward_seconds = median(bwd);
      const std::vector<Matrix> recovered = extract_products(target, grad);
      std::size_t exact = 0;
      double deviation = 0;
      for (std::size_t k = 0; k < count; ++k) {
        const Matrix want = products[k].a * products[k].b;  // integers, exact in double
        const double dev = (recovered[k] - want).cwiseAbs().maxCoeff();
        deviation = std::max(deviation, std::isfinite(dev) ? dev : INFINITY);
        exact += recovered[k].array().round().matrix() == want ? 1 : 0;
      }
      all_exact = all_exact && exact == count;
      const double ops_ratio =
          static_cast<double>(grad.backward_ops) / static_cast<double>(grad.forward_ops);
      const double s_ratio = grad.backward_seconds / std::max(grad.forward_seconds, 1e-9);
      fmt::print(
          "{:>5} {:>9} {:>12} {:>12.3g} {:>14} {:>14} {:>9.3f} {:>10.4f} {:>10.4f} {:>9.2f}\n", n,
          fmt::format("{}/{}", exact, count), count * n * n, deviation, grad.forward_ops,
          grad.backward_ops, ops_ratio, grad.forward_seconds, grad.backward_seconds, s_ratio);
      rows.push_back(
          {{"N", n},
           {"products", count},
           {"exact_products", exact},
           {"max_deviation_before_rounding", deviation},
           {"anchor_max", *std::max_element(target.anchors.begin(), target.anchors.end())},
           {"forward_ops", grad.forward_ops},
           {"backward_ops", grad.backward_ops},
           {"ops_ratio", ops_ratio},
           {"forward_s", grad.forward_seconds},
           {"backward_s", grad.backward_seconds},
           {"seconds_ratio", s_ratio}});
    }
    fmt::print("{}\n", all_exact ? "every product reproduced exactly from one backward pass"
                                 : "SOME PRODUCTS WERE NOT REPRODUCED EXACTLY");
    if (!args->json.empty())
      write_json(args->json, {{"tool", tool_json()},
                              {"experiment", "baur-strassen"},
                              {"layers", args->layers},
                              {"heads", args->heads},
                              {"max_entry", args->max_entry},
                              {"signed", args->signed_entries},
                              {"mlp_mode", args->mlp},
                              {"seed", args->seed},
                              {"all_exact", all_exact},
                              {"rows", rows}});
    exit_code = all_exact ? kExitOk : kExitDisagree;
  });
}

}  // namespace sethkit::cli
