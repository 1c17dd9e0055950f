#include "attention/keyed_backward.hpp"

#include <fmt/format.h>
#include <omp.h>

#include <cmath>

#include "core/error.hpp"

namespace sethkit {

ThreadGradientSums::ThreadGradientSums(Eigen::Index n_k, Eigen::Index d, Eigen::Index d_v)
    : dk_(static_cast<std::size_t>(omp_get_max_threads()), Matrix::Zero(n_k, d)),
      dv_(dk_.size(), Matrix::Zero(n_k, d_v)),
      dscale_(dk_.size(), 0.0) {}

Matrix& ThreadGradientSums::dk() {
  return dk_[static_cast<std::size_t>(omp_get_thread_num())];
}
Matrix& ThreadGradientSums::dv() {
  return dv_[static_cast<std::size_t>(omp_get_thread_num())];
}
double& ThreadGradientSums::dscale() {
  return dscale_[static_cast<std::size_t>(omp_get_thread_num())];
}

void ThreadGradientSums::sum_into(AttentionGradients& g) const {
  g.dk = dk_[0];
  g.dv = dv_[0];
  g.dscale = dscale_[0];
  for (std::size_t t = 1; t < dk_.size(); ++t) {
    g.dk += dk_[t];
    g.dv += dv_[t];
    g.dscale += dscale_[t];
  }
}

AttentionGradients keyed_softmax_backward(const AttentionInput& in, const Matrix& d_out,
                                          const std::function<WeightedKeys(Eigen::Index)>& keys_of,
                                          const std::string& backend) {
  const Eigen::Index n_q = in.q.rows();
  AttentionGradients g;
  g.dq = Matrix::Zero(n_q, in.q.cols());
  ThreadGradientSums sums(in.k.rows(), in.k.cols(), in.v.cols());
  bool finite = true;

#pragma omp parallel for schedule(dynamic, 16) reduction(&& : finite)
  for (Eigen::Index i = 0; i < n_q; ++i) {
    const WeightedKeys keys = keys_of(i);
    const auto n_c = static_cast<Eigen::Index>(keys.size());
    Vector raw(n_c), p(n_c), dp(n_c);
    for (Eigen::Index c = 0; c < n_c; ++c) {
      const auto [j, weight] = keys[static_cast<std::size_t>(c)];
      raw(c) = in.q.row(i).dot(in.k.row(j));
      p(c) = in.scale * raw(c) + std::log(weight);
      dp(c) = d_out.row(i).dot(in.v.row(j));
    }
    finite = finite && p.allFinite();
    p = (p.array() - p.maxCoeff()).exp().matrix();
    p /= p.sum();
    const Vector ds = p.cwiseProduct(dp - Vector::Constant(n_c, p.dot(dp)));
    Matrix &dk = sums.dk(), &dv = sums.dv();
    for (Eigen::Index c = 0; c < n_c; ++c) {
      const Eigen::Index j = keys[static_cast<std::size_t>(c)].first;
      g.dq.row(i) += in.scale * ds(c) * in.k.row(j);
      dk.row(j) += in.scale * ds(c) * in.q.row(i);
      dv.row(j) += p(c) * d_out.row(i);
    }
    sums.dscale() += ds.dot(raw);
  }
  require(finite, fmt::format("{} attention backward: a logit scale * <q_i, k_j> overflows double",
                              backend));
  sums.sum_into(g);
  return g;
}

}  // namespace sethkit
