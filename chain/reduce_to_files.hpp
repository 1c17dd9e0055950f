// `reduce`'s library side: the target of a source instance written to a
// directory, all files or none (write_files_atomic), with certificate.json
// holding the tool, the source (file, hash, parameters) and each
// construction's own certificate (to_json) along the path:
//   attention    CNF -> OV -> attention (C1, C2), OV -> attention (C2) or
//                Gap-Hamming -> attention: Q.npy, K.npy, V.npy (plus
//                instance.ov for a CNF); with rope_base > 0, Q and K for a
//                RoPE model (attention/rope.hpp, inverse_rope_inputs);
//   transformer  CNF -> 3-OV -> an L-layer, H-head transformer: the model
//                directory (attention/transformer_io.hpp) and X.npy;
//   diameter     CNF -> OV -> graph, or OV -> graph: graph.dot.
// Formats: docs/run_bundle.md (certificates), docs/transformer.md (model).
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "core/instance_file.hpp"
#include "core/matrix.hpp"
#include "reductions/gap_hamming_to_attention.hpp"
#include "reductions/ov_to_attention.hpp"
#include "reductions/three_ov_to_transformer.hpp"

namespace sethkit {

enum class ReduceTarget { kAttention, kTransformer, kDiameter };

struct ReduceOptions {
  ReduceTarget to = ReduceTarget::kAttention;
  ScaleConvention scale = ScaleConvention::kInverseD;  // OV -> attention
  SinkVariant sinks = SinkVariant::kOneSink;           // Gap-Hamming -> attention
  double rope_base = 0;                                // > 0: inputs for a RoPE model
  ThreeOvToTransformer::Params transformer{};          // L, H, attention, MLP mode, balanced
  bool replace_existing = false;                       // --force: write into a non-empty folder
  // Told the plan (chain/plan.hpp) before any work, when set and the plan
  // is estimated at a second or more.
  std::function<void(const std::string&)> on_stage;
};

// Refuses, before any work, a reduction whose encodings' memory is above the
// budget (InputError naming the source file); tells options.on_stage the plan
// when it is estimated at a second or more.
void plan_reduction(const SourceFile& source, const ReduceOptions& options);

// The attention target of a source in memory (what write_attention_files
// writes): Q and K (prepared for RoPE when rope_base > 0), V, the scale, the
// certificate as certificate.json holds it less its "files" entry, and for a
// CNF the split's OV file text. The caller plans first (plan_reduction).
struct AttentionReduction {
  Matrix q, k, v;  // n_q x d, n_k x d, n_k x d_v
  double scale = 0;
  nlohmann::json certificate;
  std::string split_ov;  // instance.ov of a CNF source; empty otherwise
  std::string summary;   // one line: sizes, B, the decoding rule
};
AttentionReduction reduce_to_attention(const SourceFile& source, const ReduceOptions& options);

// Writes the target into `out_dir` (created if missing) and returns one line
// for the terminal. InputError naming the source file when the source cannot
// go to that target or a construction refuses it (too large, say); naming the
// folder, before any work, when it is not empty and replace_existing is off.
std::string reduce_to_files(const SourceFile& source, const ReduceOptions& options,
                            const std::string& out_dir);

// The three targets (reduce_to_files.cpp, reduce_transformer_files.cpp).
std::string write_attention_files(const SourceFile& source, const ReduceOptions& options,
                                  const std::string& out_dir);
std::string write_transformer_files(const SourceFile& source, const ReduceOptions& options,
                                    const std::string& out_dir);
std::string write_diameter_files(const SourceFile& source, const std::string& out_dir);

}  // namespace sethkit
