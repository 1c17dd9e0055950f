// The `callback` backend: any attention kernel given as a function in the
// same process, as the oracle (docs/backends.md, "callback"). Not a paper's
// algorithm: it is how the Python module (docs/python.md, sethkit.verify's
// `oracle=`) and a C++ program embedding the library put their own kernel
// (PyTorch, JAX, a GPU kernel) inside every chain, as `external` does for a
// separate command.
//
// run() hands the function Q, K, V (float64, after RoPE's pre-rotation), the
// scale and the causal flag, and checks what comes back: n_q x d_v, every
// entry finite; anything else is a one-line ContractError naming the
// oracle. The function's error is unknown: 'unbounded'.
#pragma once

#include <functional>
#include <string>

#include "attention/backend.hpp"

namespace sethkit {

struct CallbackParams {
  // The kernel: returns the n_q x d_v output of attention on its arguments.
  std::function<Matrix(const Matrix& q /* n_q x d */, const Matrix& k /* n_k x d */,
                       const Matrix& v /* n_k x d_v */, double scale, bool causal)>
      function;
  std::string label = "callback";  // names the oracle in messages and reports
};

class CallbackBackend : public AttentionBackend {
 public:
  explicit CallbackBackend(CallbackParams params);
  std::string name() const override { return "callback"; }
  std::string description() const override;
  Support supports(const AttentionShape& shape) const override;

 private:
  CallbackParams params_;

 protected:
  AttentionOutput compute(const AttentionInput& input) const override;
};

}  // namespace sethkit
