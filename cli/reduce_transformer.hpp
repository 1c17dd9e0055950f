// `sethkit reduce F.cnf --to transformer`: CNF -> unbalanced 3-OV -> an
// L-layer, H-head transformer (Saha, Xu, Ye, Yu 2026; spec/transformers.md
// 2-3), written as a model directory (attention/transformer_io.hpp), the
// input X.npy and certificate.json.
#pragma once

#include <cstddef>
#include <string>

#include "cli/source_file.hpp"

namespace sethkit::cli {

struct TransformerReduceArgs {
  std::size_t layers = 1, heads = 1;
  std::string attention = "softmax";
  std::string mlp = "resid";
  bool balanced = false;
};

void reduce_to_transformer(const SourceFile& source, const TransformerReduceArgs& args,
                           const std::string& out_dir);

}  // namespace sethkit::cli
