// The backward pass of attention whose row i is a softmax over its own list
// of keys, key j weighted by c_ij > 0: P_ij = c_ij e^(s_ij) / Z_i over the
// list (docs/backends.md, "Backward pass"; the formulas of
// attention/backward.cpp over the listed keys). Shared by the approximate
// backends whose output has that form (reformer: the union of the keys a
// query meets, weights 1; hyper: its plan's weighted keys), and the per-thread
// dK, dV and dscale sums also by window's blocked pass. float64.
#pragma once

#include <functional>
#include <utility>
#include <vector>

#include "attention/backend.hpp"

namespace sethkit {

// dK, dV and dscale summed in one buffer per thread, then added up.
class ThreadGradientSums {
 public:
  ThreadGradientSums(Eigen::Index n_k, Eigen::Index d, Eigen::Index d_v);
  // The calling thread's buffers.
  Matrix& dk();
  Matrix& dv();
  double& dscale();
  // Their sums into g.dk, g.dv and g.dscale.
  void sum_into(AttentionGradients& g) const;

 private:
  std::vector<Matrix> dk_, dv_;
  std::vector<double> dscale_;
};

// (key, weight c_ij) pairs of one query, each key once.
using WeightedKeys = std::vector<std::pair<Eigen::Index, double>>;

// dQ, dK, dV and dLoss/dscale with row i over keys_of(i) (at least one key;
// called from several threads at once). ContractError naming `backend` when a
// logit overflows. error_bound and details are left to the caller.
AttentionGradients keyed_softmax_backward(const AttentionInput& in, const Matrix& d_out,
                                          const std::function<WeightedKeys(Eigen::Index)>& keys_of,
                                          const std::string& backend);

}  // namespace sethkit
