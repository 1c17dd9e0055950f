// `sethkit attend --grad DO.npy`: the backward pass of every head
// (attention/backend.hpp, docs/backends.md "Backward pass"), dQ, dK, dV
// written as .npy stacks shaped like Q, K, V, dLoss/dscale per head, and
// with --check the largest entrywise difference from `naive`'s backward.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "attention/backend.hpp"
#include "core/npy.hpp"

namespace sethkit::cli {

struct GradientRun {
  MatrixStack d_out;       // dLoss/dO, one matrix per head
  MatrixStack dq, dk, dv;  // as Q, K, V
  std::vector<double> dscale;
  double seconds = 0, error_bound = 0;
  std::optional<double> measured;  // --check: max |grad - naive's| over dQ, dK, dV
  std::string details;
};

// dO from `spec` (.npy, .npz member, compressed), shaped like the output:
// leading dimensions `leading`, each matrix rows x cols, finite.
MatrixStack load_d_out(const std::string& spec, const std::vector<std::uint64_t>& leading,
                       Eigen::Index rows, Eigen::Index cols);

// Runs head `h`'s backward pass after its forward pass and adds it to `run`.
void add_head_gradients(GradientRun& run, std::size_t h, const AttentionBackend& backend,
                        const AttentionInput& input, const AttentionOutput& forward, bool check);

// "backward: 0.012 s, error bound 0, dscale 0.31; measured error ..." and the JSON record.
std::string gradient_summary(const GradientRun& run);
nlohmann::json gradient_json(const GradientRun& run);

}  // namespace sethkit::cli
