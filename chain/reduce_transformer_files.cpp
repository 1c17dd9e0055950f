// CNF -> unbalanced 3-OV -> an L-layer, H-head transformer (Saha, Xu, Ye, Yu
// 2026; docs/reductions/three_ov_to_transformer.md), written as a model
// directory (attention/transformer_io.hpp), the input X.npy and
// certificate.json.
#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <tuple>

#include "attention/transformer_io.hpp"
#include "chain/reduce_to_files.hpp"
#include "core/file_io.hpp"
#include "core/json_report.hpp"
#include "core/npy.hpp"
#include "reductions/cnf_to_three_ov.hpp"

namespace sethkit {

namespace {
const char* attention_word(AttentionKind kind) {
  return kind == AttentionKind::kSoftmax ? "softmax" : "hardmax";
}
const char* mlp_word(MlpMode mode) {
  return mode == MlpMode::kResid ? "resid" : "plain";
}
}  // namespace

std::string write_transformer_files(const SourceFile& source, const ReduceOptions& options,
                                    const std::string& out_dir) {
  if (!source.cnf) throw InputError(source.path, "--to transformer needs a DIMACS CNF file");
  const ThreeOvToTransformer::Params& params = options.transformer;
  const ThreeOvToTransformer reduction(params);
  CnfToThreeOv::Params split_params;
  split_params.k = params.layers * params.heads;
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
  certificate["source"] = {{"file", source.path},
                           {"content_sha256", source.sha256},
                           {"params", problem_params(problem_value(source))}};
  certificate["cnf_to_3ov"] = to_json(split_certificate);
  certificate["cnf_to_3ov"]["vars_a_list"] = split.vars_a;
  certificate["cnf_to_3ov"]["vars_b_list"] = split.vars_b;
  certificate["cnf_to_3ov"]["vars_c_list"] = split.vars_c;
  certificate["3ov_to_transformer"] = to_json(instance.certificate);
  certificate["3ov_to_transformer"]["attention"] = attention_word(params.attention);
  certificate["3ov_to_transformer"]["mlp_mode"] = mlp_word(params.mlp_mode);
  certificate["3ov_to_transformer"]["balanced"] = params.balanced;
  certificate["files"] = {{"model", "model.json"}, {"X", "X.npy"}};

  auto files = transformer_files(instance.model);
  files.emplace_back("X.npy", format_npy(instance.x, NpyDtype::kFloat64));
  files.emplace_back("certificate.json", certificate.dump(2) + "\n");
  write_files_atomic(out_dir, files);

  const TransformerCertificate& c = instance.certificate;
  return fmt::format(
      "wrote {}: {} layers x {} heads, X {} x {}, head width {}, beta = {:.4g}, B = {:.4g}; "
      "decode YES iff min over the {} real tokens of X_L[:, {}] < {:.4f}, tolerated error "
      "{:.4f}",
      out_dir, c.layers, c.heads, c.tokens, c.width, c.head_width, c.beta, c.entry_bound, c.n,
      c.col_acc, c.threshold, c.tolerance);
}

}  // namespace sethkit
