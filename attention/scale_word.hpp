// The logit scale as people write it: "1/d" (Alman & Song, "Fast Attention
// Requires Bounded Entries", NeurIPS 2023: A = exp(Q K^T / d), sethkit's
// default), "1/sqrt(d)" (Vaswani et al. and PyTorch SDPA's default), or a
// number. docs/backends.md maps it to SDPA's and FlashAttention's `scale`.
#pragma once

#include <Eigen/Core>
#include <string>

namespace sethkit {

struct ResolvedScale {
  double value = 1;
  std::string spelled;  // "1/d = 0.125", "1/sqrt(d) = 0.3536" or "0.5 (given)"
};

// The scale `word` means for head dimension d >= 1. Throws ContractError
// naming `what` (the flag or argument) for anything else or a non-finite number.
ResolvedScale resolve_scale(const std::string& word, Eigen::Index d, const std::string& what);

}  // namespace sethkit
