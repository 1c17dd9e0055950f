#include "cli/option_parsing.hpp"

namespace sethkit::cli {

CLI::Option* add_mlp_option(CLI::App& cmd, std::string& into, const std::string& help) {
  return cmd.add_option("--mlp", into, help)->check(CLI::IsMember({"resid", "plain"}));
}
MlpMode parse_mlp_mode(const std::string& word) {
  return word == "resid" ? MlpMode::kResid : MlpMode::kPlain;
}

CLI::Option* add_attention_kind_option(CLI::App& cmd, std::string& into, const std::string& help) {
  return cmd.add_option("--attention", into, help)->check(CLI::IsMember({"softmax", "hardmax"}));
}
AttentionKind parse_attention_kind(const std::string& word) {
  return word == "softmax" ? AttentionKind::kSoftmax : AttentionKind::kHardmax;
}

CLI::Option* add_scale_option(CLI::App& cmd, std::string& into, const std::string& help) {
  return cmd.add_option("--scale", into, help)->check(CLI::IsMember({"1/d", "1/sqrt(d)"}));
}
ScaleConvention parse_scale_convention(const std::string& word) {
  return word == "1/d" ? ScaleConvention::kInverseD : ScaleConvention::kInverseSqrtD;
}

CLI::Option* add_rope_layout_option(CLI::App& cmd, std::string& into, const std::string& help) {
  return cmd.add_option("--rope-layout", into, help)
      ->check(CLI::IsMember({"interleaved", "half", "split-halves"}));
}
RopeLayout parse_rope_layout(const std::string& word) {
  return rope_layout_from_word(word).value_or(RopeLayout::kInterleaved);
}

CLI::Option* add_causal_option(CLI::App& cmd, std::string& into, const std::string& help) {
  return cmd.add_option("--causal", into, help)
      ->expected(0, 1)
      ->default_str("bottom-right")  // what a bare --causal means
      ->check(CLI::IsMember({"bottom-right", "top-left"}));
}
CausalAlignment parse_causal_alignment(const std::string& word) {
  return causal_alignment_from_word(word).value_or(CausalAlignment::kBottomRight);
}

}  // namespace sethkit::cli
