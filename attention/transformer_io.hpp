// The reference transformer (docs/transformer.md; Saha, Xu, Ye, Yu 2026)
// on disk: a model directory a NumPy user can read and write by hand.
//
//   model.json   {"format": "sethkit-transformer", "version": 1, "width": m,
//                 "aggregation": "sum"|"concat", "mlp_mode": "resid"|"plain",
//                 "attention": "softmax"|"hardmax", "scale": s,
//                 "causal": false, "rope": {"base": 10000, "layout":
//                 "interleaved"|"half"} (optional),
//                 "layers": [{"heads": [{"wq": F, "wk": F, "wv": F}, ...],
//                             "wo": F (concat only),
//                             "mlp": {"w1": F, "b1": F, "w2": F, "b2": F} (optional)}]}
//   F            a .npy file name in the same directory (float64 or any dtype
//                read_npy accepts); biases are 1-D.
// Shapes are those of attention/transformer.hpp; docs/transformer.md.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "attention/transformer.hpp"
#include "core/limits.hpp"

namespace sethkit {

inline constexpr const char* kTransformerFormat = "sethkit-transformer";
inline constexpr int kTransformerFormatVersion = 1;

// (file name, bytes) for model.json and every weight file, ready for
// write_files_atomic. Validates the model first.
std::vector<std::pair<std::string, std::string>> transformer_files(const TransformerModel& model);

// Reads `dir`/model.json and the weight files it names. A missing key, an
// unknown option, a file name leaving the directory, an inconsistent shape
// or a non-finite weight is an InputError naming the file and what was
// expected. The weights together must fit in limits.max_bytes (checked from
// the .npy headers before their data is converted).
TransformerModel read_transformer(const std::string& dir, const Limits& limits = {});

}  // namespace sethkit
