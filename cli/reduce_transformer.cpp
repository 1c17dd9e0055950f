#include "cli/reduce_transformer.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "attention/transformer_io.hpp"
#include "core/file_io.hpp"
#include "core/json_report.hpp"
#include "core/npy.hpp"
#include "reductions/cnf_to_three_ov.hpp"
#include "reductions/three_ov_to_transformer.hpp"
#include "reductions/transformer_bundle.hpp"

namespace sethkit::cli {

void reduce_to_transformer(const SourceFile& source, const TransformerReduceArgs& args,
                           const std::string& out_dir) {
  if (!source.cnf) throw InputError(source.path, "--to transformer needs a DIMACS CNF file");
  ThreeOvToTransformer::Params params;
  params.layers = args.layers;
  params.heads = args.heads;
  params.attention =
      args.attention == "softmax" ? AttentionKind::kSoftmax : AttentionKind::kHardmax;
  params.mlp_mode = args.mlp == "resid" ? MlpMode::kResid : MlpMode::kPlain;
  params.balanced = args.balanced;
  const ThreeOvToTransformer reduction(params);
  CnfToThreeOv::Params split_params;
  split_params.k = args.layers * args.heads;
  const CnfToThreeOv split_rule(split_params);

  // Both certificates first: the sizes are checked before anything is built.
  const auto [split_certificate, split, instance] = naming_source(source.path, [&] {
    const CnfToThreeOvCertificate sc = split_rule.certificate(*source.cnf);
    SplitThreeOv s = split_rule.encode(*source.cnf);
    reduction.certificate(s.instance);
    TransformerInstance t = reduction.encode(s.instance);
    return std::tuple{sc, std::move(s), std::move(t)};
  });

  nlohmann::json certificate;
  certificate["tool"] = tool_json();
  certificate["source"] = {
      {"file", source.path}, {"content_sha256", source.sha256}, {"params", source_params(source)}};
  certificate["cnf_to_3ov"] = to_json(split_certificate);
  certificate["cnf_to_3ov"]["vars_a_list"] = split.vars_a;
  certificate["cnf_to_3ov"]["vars_b_list"] = split.vars_b;
  certificate["cnf_to_3ov"]["vars_c_list"] = split.vars_c;
  certificate["3ov_to_transformer"] = to_json(instance.certificate);
  certificate["3ov_to_transformer"]["attention"] = args.attention;
  certificate["3ov_to_transformer"]["mlp_mode"] = args.mlp;
  certificate["3ov_to_transformer"]["balanced"] = args.balanced;
  certificate["files"] = {{"model", "model.json"}, {"X", "X.npy"}};

  auto files = transformer_files(instance.model);
  files.emplace_back("X.npy", format_npy(instance.x, NpyDtype::kFloat64));
  files.emplace_back("certificate.json", certificate.dump(2) + "\n");
  write_files_atomic(out_dir, files);

  const TransformerCertificate& c = instance.certificate;
  fmt::print(
      "wrote {}: {} layers x {} heads, X {} x {}, head width {}, beta = {:.4g}, B = {:.4g}; "
      "decode YES iff min over the {} real tokens of X_L[:, {}] < {:.4f}, tolerated error "
      "{:.4f}\n",
      out_dir, c.layers, c.heads, c.tokens, c.width, c.head_width, c.beta, c.entry_bound, c.n,
      c.col_acc, c.threshold, c.tolerance);
}

}  // namespace sethkit::cli
