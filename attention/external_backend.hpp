// The `external` backend: any attention kernel, run as a separate command,
// as the oracle (docs/backends.md, "external"). Not a paper's algorithm: the
// interface through which a user's own kernel (NumPy, PyTorch on a GPU, a
// compiled binary) meets the toolkit's hard instances.
//
// run() writes Q, K, V (float64 .npy) into a private temporary folder (mode
// 0700), runs `/bin/sh -c CMD` with {q} {k} {v} {out} {lse} {scale} {causal}
// {dir} substituted (paths shell-quoted; scale with 17 digits; causal 1 or 0),
// its standard output and error relayed to standard error, and waits at most
// the time limit (then the command's process group is killed). It reads
// {out}: n_q x d_v, float32 or float64, every entry finite; and {lse} (n_q)
// when the command names it and wrote it. A command that is missing, fails,
// times out, writes nothing, the wrong shape or a non-finite entry is a
// one-line ContractError naming the command and the cause. The folder is
// removed whatever happens. RoPE is applied before the command sees Q and K.
// The command's error is unknown: 'unbounded'.
#pragma once

#include <string>

#include "attention/backend.hpp"

namespace sethkit {

struct ExternalParams {
  std::string command;        // the shell command with placeholders
  double time_limit_s = 600;  // wall-clock limit per call
};

class ExternalBackend : public AttentionBackend {
 public:
  explicit ExternalBackend(ExternalParams params);
  std::string name() const override { return "external"; }
  std::string description() const override;
  Support supports(const AttentionShape& shape) const override;

 private:
  ExternalParams params_;

 protected:
  AttentionOutput compute(const AttentionInput& input) const override;
};

}  // namespace sethkit
