// The Baur-Strassen demonstration: the mechanism of the large-embedding bound
// of Saha, Xu, Ye, Yu (2026): L H random integer matrix products placed in one
// transformer (reductions/products_to_transformer.hpp), all read off one
// reverse-mode pass (attention/transformer_backward.hpp), rounded and compared
// entry by entry with direct multiplication; the backward/forward cost ratio is
// counted in multiply-adds and exponentials and in seconds (medians). It shows
// the mechanism only: no lower bound is computed (docs/reductions/
// products_to_transformer.md).
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "attention/transformer.hpp"

namespace sethkit {

struct BaurStrassenParams {
  std::vector<std::size_t> n = {8, 16, 32, 64, 128, 256};  // matrix sizes N
  std::size_t layers = 2, heads = 2;                       // L H products per N
  int max_entry = 1;  // entries are integers in [0, E] (or [-E, E])
  bool signed_entries = false;
  MlpMode mlp_mode = MlpMode::kResid;
  std::uint64_t seed = 1;
  int repeats = 5;  // gradient runs per N; median times
};

struct BaurStrassenRow {
  std::size_t n = 0, products = 0, exact_products = 0;
  double max_deviation = 0;  // before rounding
  double anchor_max = 0;
  std::uint64_t forward_ops = 0, backward_ops = 0;
  double ops_ratio = 0, forward_seconds = 0, backward_seconds = 0, seconds_ratio = 0;
};

// One row per N, in order; `progress` sees each row when it is done.
std::vector<BaurStrassenRow> run_baur_strassen(
    const BaurStrassenParams& params,
    const std::function<void(const BaurStrassenRow&)>& progress = {});

// The JSON record: the tool, the parameters, whether every product came back
// exactly, and the rows.
nlohmann::json baur_strassen_json(const BaurStrassenParams& params,
                                  const std::vector<BaurStrassenRow>& rows);

}  // namespace sethkit
