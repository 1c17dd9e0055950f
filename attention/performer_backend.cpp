#include "attention/performer_backend.hpp"

#include <fmt/format.h>

#include <Eigen/QR>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <vector>

#include "attention/approximate_output.hpp"
#include "core/error.hpp"
#include "core/rng.hpp"

namespace sethkit {

namespace {
constexpr long kMaxFeatures = 1L << 20;

// Features of the rows of x (n x d, already scaled), as the reference code
// computes them: (exp(w . x - |x|^2 / 2 - stab) + floor) / sqrt(m), with stab
// each row's largest w . x (queries) or the largest over all rows (keys).
MatrixF features(const MatrixF& x, const MatrixF& w_t /* d x m */, bool per_row, float floor) {
  MatrixF f = x * w_t;  // n x m
  const Eigen::VectorXf half_norm = 0.5f * x.rowwise().squaredNorm();
  const float global = per_row ? 0.f : f.maxCoeff();
  const float norm = 1.0f / std::sqrt(static_cast<float>(w_t.cols()));
#pragma omp parallel for
  for (Eigen::Index i = 0; i < f.rows(); ++i) {
    const float stab = per_row ? f.row(i).maxCoeff() : global;
    f.row(i) = (((f.row(i).array() - stab - half_norm(i)).exp() + floor) * norm).matrix();
  }
  return f;
}

// Causal numerators [num, den] (n_q x (d_v + 1)): query i sees keys
// j <= i + n_k - n_q. Queries in chunks; the state before a chunk sums the keys
// its first row sees (all its rows see them), the rest is a masked product.
MatrixF causal_numerators(const MatrixF& fq, const MatrixF& fk, const MatrixF& v1) {
  const Eigen::Index n_q = fq.rows(), n_k = fk.rows(), offset = n_k - n_q;
  const Eigen::Index chunk = std::max<Eigen::Index>(64, n_q / 256);
  const Eigen::Index chunks = (n_q + chunk - 1) / chunk;
  // Chunk c starts at row c * chunk; all its rows see keys [0, edge(c)).
  const auto edge = [&](Eigen::Index c) { return std::min(n_k, c * chunk + offset + 1); };
  std::vector<MatrixF> state(static_cast<std::size_t>(chunks));
#pragma omp parallel for schedule(dynamic)
  for (Eigen::Index c = 0; c < chunks; ++c) {  // keys [edge(c - 1), edge(c)), edge(-1) = 0
    const Eigen::Index a = c == 0 ? 0 : edge(c - 1), b = edge(c);
    state[static_cast<std::size_t>(c)] =
        fk.middleRows(a, b - a).transpose() * v1.middleRows(a, b - a);
  }
  for (std::size_t c = 1; c < state.size(); ++c) state[c] += state[c - 1];  // prefix sums
  MatrixF num(n_q, v1.cols());
#pragma omp parallel for schedule(dynamic)
  for (Eigen::Index c = 0; c < chunks; ++c) {
    const Eigen::Index r0 = c * chunk, rows = std::min(chunk, n_q - r0);
    const Eigen::Index a = edge(c), b = std::min(n_k, r0 + rows - 1 + offset + 1);
    num.middleRows(r0, rows).noalias() =
        fq.middleRows(r0, rows) * state[static_cast<std::size_t>(c)];
    if (b > a) {
      MatrixF local = fq.middleRows(r0, rows) * fk.middleRows(a, b - a).transpose();
      for (Eigen::Index t = 0; t < rows; ++t)
        for (Eigen::Index j = a; j < b; ++j)
          if (j > r0 + t + offset) local(t, j - a) = 0;
      num.middleRows(r0, rows).noalias() += local * v1.middleRows(a, b - a);
    }
  }
  return num;
}
}  // namespace

Matrix performer_projection(long m, Eigen::Index d, bool orthogonal, std::uint64_t seed) {
  Rng rng(seed);
  Matrix w(m, d);
  for (Eigen::Index i = 0; i < w.rows(); ++i)
    for (Eigen::Index j = 0; j < d; ++j) w(i, j) = rng.normal();
  if (!orthogonal) return w;
  for (Eigen::Index r0 = 0; r0 < m; r0 += d) {
    const Eigen::Index rows = std::min<Eigen::Index>(d, m - r0);
    Eigen::MatrixXd g(d, d);
    for (Eigen::Index i = 0; i < d; ++i)
      for (Eigen::Index j = 0; j < d; ++j) g(i, j) = rng.normal();
    const Eigen::MatrixXd qm = Eigen::HouseholderQR<Eigen::MatrixXd>(g).householderQ();
    for (Eigen::Index i = 0; i < rows; ++i)  // orthonormal row, times a chi_d norm
      w.row(r0 + i) = qm.col(i).transpose() * w.row(r0 + i).norm();
  }
  return w;
}

PerformerBackend::PerformerBackend(PerformerParams params) : params_(params) {
  require(params_.features == -1 || (params_.features >= 1 && params_.features <= kMaxFeatures),
          fmt::format("performer: the number of features m must be between 1 and {}, found {}",
                      kMaxFeatures, params_.features));
}

long PerformerBackend::features_for(Eigen::Index d) const {
  if (params_.features > 0) return params_.features;
  return std::max(1L, std::lround(static_cast<double>(d) * std::log(static_cast<double>(d))));
}

std::string PerformerBackend::description() const {
  return fmt::format(
      "approximate: FAVOR+ positive {} random features, m = {}, seed {}, float32, no error "
      "guarantee",
      params_.orthogonal ? "orthogonal" : "i.i.d.",
      params_.features > 0 ? std::to_string(params_.features) : "round(d ln d)", params_.seed);
}

Support PerformerBackend::supports(const AttentionShape& shape) const {
  if (shape.n_k < 1) return {false, "needs at least one key"};
  if (shape.d < 1) return {false, "needs d >= 1"};
  return {};
}

AttentionOutput PerformerBackend::compute(const AttentionInput& in) const {
  const auto start = std::chrono::steady_clock::now();
  const Eigen::Index n_q = in.q.rows(), n_k = in.k.rows(), d = in.q.cols(), d_v = in.v.cols();
  const long m = features_for(d);
  const double root = std::sqrt(std::abs(in.scale));
  const MatrixF q = (in.q * (in.scale < 0 ? -root : root)).cast<float>();
  const MatrixF k = (in.k * root).cast<float>();
  const MatrixF w_t =
      performer_projection(m, d, params_.orthogonal, params_.seed).transpose().cast<float>();
  const auto floor = static_cast<float>(params_.feature_floor);
  const MatrixF fq = features(q, w_t, true, floor), fk = features(k, w_t, false, floor);
  MatrixF v1(n_k, d_v + 1);  // [V, 1]
  v1.leftCols(d_v) = in.v.cast<float>();
  v1.col(d_v).setOnes();

  MatrixF num(n_q, d_v + 1);
  if (in.causal) {
    num = causal_numerators(fq, fk, v1);
  } else {
    const MatrixF kv = fk.transpose() * v1;  // m x (d_v + 1)
    num.noalias() = fq * kv;
  }
  MatrixF out = num.leftCols(d_v).array().colwise() / num.col(d_v).array();
  AttentionOutput result =
      approximate_output(name(), out, Eigen::VectorXf(),
                         fmt::format("FAVOR+ m = {} {} features, seed {}", m,
                                     params_.orthogonal ? "orthogonal" : "i.i.d.", params_.seed));
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace sethkit
