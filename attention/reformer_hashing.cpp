#include "attention/reformer_hashing.hpp"

#include <algorithm>
#include <numeric>

#include "core/rng.hpp"

namespace sethkit {

namespace {
std::vector<long> hash_rows(const MatrixF& x, const MatrixF& rotation /* d x b/2 */) {
  std::vector<long> bucket(static_cast<std::size_t>(x.rows()), 0);
  if (rotation.cols() == 0) return bucket;  // one bucket
  const MatrixF p = x * rotation;
  const long half = rotation.cols();
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    Eigen::Index hi, lo;
    const float max = p.row(i).maxCoeff(&hi), min = p.row(i).minCoeff(&lo);
    bucket[static_cast<std::size_t>(i)] = max >= -min ? hi : half + lo;  // argmax [xR, -xR]
  }
  return bucket;
}

SortedRound sort_into_chunks(const std::vector<long>& bucket, Eigen::Index chunks) {
  const auto n = static_cast<Eigen::Index>(bucket.size());
  SortedRound s;
  s.order.resize(bucket.size());
  std::iota(s.order.begin(), s.order.end(), Eigen::Index{0});
  std::stable_sort(s.order.begin(), s.order.end(), [&](Eigen::Index a, Eigen::Index b) {
    return bucket[static_cast<std::size_t>(a)] < bucket[static_cast<std::size_t>(b)];
  });
  s.chunk.resize(bucket.size());
  for (Eigen::Index t = 0; t <= chunks; ++t) s.start.push_back(t * n / chunks);
  for (Eigen::Index t = 0; t < chunks; ++t)
    for (Eigen::Index p = s.start[t]; p < s.start[t + 1]; ++p)
      s.chunk[static_cast<std::size_t>(s.order[static_cast<std::size_t>(p)])] = t;
  return s;
}
}  // namespace

bool ReformerRounds::meets(int r, Eigen::Index i, Eigen::Index j) const {
  const Eigen::Index cq = queries[static_cast<std::size_t>(r)].chunk[static_cast<std::size_t>(i)];
  const Eigen::Index ck = keys[static_cast<std::size_t>(r)].chunk[static_cast<std::size_t>(j)];
  return ck == cq || ck == (cq + chunks - 1) % chunks;
}

std::vector<Eigen::Index> ReformerRounds::key_set(Eigen::Index i) const {
  std::vector<Eigen::Index> set;
  for (std::size_t r = 0; r < queries.size(); ++r) {
    const Eigen::Index t = queries[r].chunk[static_cast<std::size_t>(i)];
    const SortedRound& k = keys[r];
    for (const Eigen::Index c : {t, (t + chunks - 1) % chunks})
      set.insert(set.end(), k.order.begin() + k.start[static_cast<std::size_t>(c)],
                 k.order.begin() + k.start[static_cast<std::size_t>(c) + 1]);
  }
  std::sort(set.begin(), set.end());
  set.erase(std::unique(set.begin(), set.end()), set.end());
  return set;
}

ReformerRounds hash_rounds(const MatrixF& q_hash, const MatrixF& k,
                           const std::vector<long>& factors, Eigen::Index chunks, int rounds,
                           std::uint64_t seed) {
  const Eigen::Index d = k.cols();
  ReformerRounds out;
  out.chunks = chunks;
  Rng rng(seed);
  for (int r = 0; r < rounds; ++r) {
    std::vector<long> q_bucket(static_cast<std::size_t>(q_hash.rows()), 0);
    std::vector<long> k_bucket(static_cast<std::size_t>(k.rows()), 0);
    for (long factor : factors) {  // bucket = ((h_1) b_2 + h_2) ...
      MatrixF rotation(d, factor == 1 ? 0 : factor / 2);
      for (Eigen::Index i = 0; i < rotation.rows(); ++i)
        for (Eigen::Index j = 0; j < rotation.cols(); ++j)
          rotation(i, j) = static_cast<float>(rng.normal());
      const std::vector<long> hq = hash_rows(q_hash, rotation), hk = hash_rows(k, rotation);
      for (std::size_t i = 0; i < hq.size(); ++i) q_bucket[i] = q_bucket[i] * factor + hq[i];
      for (std::size_t j = 0; j < hk.size(); ++j) k_bucket[j] = k_bucket[j] * factor + hk[j];
    }
    out.queries.push_back(sort_into_chunks(q_bucket, chunks));
    out.keys.push_back(sort_into_chunks(k_bucket, chunks));
  }
  return out;
}

}  // namespace sethkit
