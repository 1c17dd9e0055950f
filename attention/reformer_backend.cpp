#include "attention/reformer_backend.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <vector>

#include "attention/approximate_output.hpp"
#include "attention/partial_softmax.hpp"
#include "attention/reformer_hashing.hpp"
#include "core/error.hpp"

namespace sethkit {

namespace {
constexpr long kMaxBuckets = 1L << 16;
constexpr int kMaxRounds = 64;
constexpr long kFactorAbove = 64;  // default bucket counts above this are factorised

}  // namespace

ReformerBackend::ReformerBackend(ReformerParams params) : params_(params) {
  require(params_.chunk >= 1,
          fmt::format("reformer: the chunk length must be at least 1, found {}", params_.chunk));
  require(params_.buckets == -1 || params_.buckets == 1 ||
              (params_.buckets >= 2 && params_.buckets % 2 == 0 && params_.buckets <= kMaxBuckets),
          fmt::format("reformer: the number of buckets must be 1 or even, at most {}, found {}",
                      kMaxBuckets, params_.buckets));
  require(params_.rounds >= 1 && params_.rounds <= kMaxRounds,
          fmt::format("reformer: the number of rounds must be between 1 and {}, found {}",
                      kMaxRounds, params_.rounds));
}

std::vector<long> ReformerBackend::bucket_factors(Eigen::Index n_k) const {
  if (params_.buckets > 0) return {params_.buckets};
  if (n_k <= params_.chunk) return {1};
  long b = static_cast<long>((n_k + params_.chunk - 1) / params_.chunk);
  b = std::min(kMaxBuckets, b + b % 2);
  if (b <= kFactorAbove) return {b};
  // Factorised: b1 x b2 buckets from two rotations of b1/2 and b2/2 columns.
  const long b1 = 2 * static_cast<long>(std::ceil(std::sqrt(static_cast<double>(b)) / 2));
  long b2 = (b + b1 - 1) / b1;
  b2 += b2 % 2;
  return {b1, b2};
}

std::string ReformerBackend::description() const {
  return fmt::format(
      "approximate: Reformer LSH attention, chunk {}, {} buckets, {} rounds, seed {}, float32, no "
      "error guarantee",
      params_.chunk, params_.buckets > 0 ? std::to_string(params_.buckets) : "n / chunk",
      params_.rounds, params_.seed);
}

Support ReformerBackend::supports(const AttentionShape& shape) const {
  if (shape.n_k < 1) return {false, "needs at least one key"};
  return {};
}

ReformerRounds ReformerBackend::rounds_for(const AttentionInput& in) const {
  const Eigen::Index chunks =
      std::max<Eigen::Index>(1, (in.k.rows() + params_.chunk - 1) / params_.chunk);
  const MatrixF q = in.q.cast<float>(), k = in.k.cast<float>();
  return hash_rounds(in.scale < 0 ? MatrixF(-q) : q, k, bucket_factors(in.k.rows()), chunks,
                     params_.rounds, params_.seed);
}

AttentionOutput ReformerBackend::compute(const AttentionInput& in) const {
  const auto start = std::chrono::steady_clock::now();
  const Eigen::Index n_q = in.q.rows(), n_k = in.k.rows();
  const Eigen::Index offset = n_k - n_q;
  const std::vector<long> factors = bucket_factors(n_k);
  long buckets = 1;
  for (long f : factors) buckets *= f;
  const ReformerRounds hashed = rounds_for(in);
  const Eigen::Index chunks = hashed.chunks;
  const int rounds = params_.rounds;
  const MatrixF q = in.q.cast<float>(), k = in.k.cast<float>(), v = in.v.cast<float>();
  const auto scale = static_cast<float>(in.scale);

  PartialAttention total(n_q, v.cols());
  for (int r = 0; r < rounds; ++r) {
#pragma omp parallel for schedule(dynamic)
    for (Eigen::Index t = 0; t < chunks; ++t) {
      const SortedRound& sq = hashed.queries[static_cast<std::size_t>(r)];
      const SortedRound& sk = hashed.keys[static_cast<std::size_t>(r)];
      // Key chunks t and t - 1 (cyclically; just t when there is one chunk).
      const Eigen::Index prev = (t + chunks - 1) % chunks;
      std::vector<Eigen::Index> keys(sk.order.begin() + sk.start[t],
                                     sk.order.begin() + sk.start[t + 1]);
      if (prev != t)
        keys.insert(keys.end(), sk.order.begin() + sk.start[prev],
                    sk.order.begin() + sk.start[prev + 1]);
      const std::size_t q0 = static_cast<std::size_t>(sq.start[t]);
      const std::size_t q1 = static_cast<std::size_t>(sq.start[t + 1]);
      if (q1 == q0 || keys.empty()) continue;
      const MatrixF qb = gather_rows(q, sq.order, q0, q1);
      MatrixF logits = scale * (qb * gather_rows(k, keys, 0, keys.size()).transpose());
      for (std::size_t a = q0; a < q1; ++a) {
        const Eigen::Index i = sq.order[a];
        for (std::size_t b = 0; b < keys.size(); ++b) {
          const Eigen::Index j = keys[b];
          float& logit = logits(static_cast<Eigen::Index>(a - q0), static_cast<Eigen::Index>(b));
          if (in.causal && j > i + offset) {
            logit = kMinusInf;
            continue;
          }
          int met = 0;
          for (int r2 = 0; r2 < rounds; ++r2) met += hashed.meets(r2, i, j) ? 1 : 0;
          logit -= std::log(static_cast<float>(met));  // met >= 1: round r has it
        }
      }
      const PartialAttention part = softmax_rows(logits, gather_rows(v, keys, 0, keys.size()));
      for (std::size_t a = q0; a < q1; ++a)  // a round meets each query once: no race
        merge_row(total, sq.order[a], part, static_cast<Eigen::Index>(a - q0));
    }
  }
  std::size_t fallbacks = 0;
  for (Eigen::Index i = 0; i < n_q; ++i)
    if (total.lse(i) == kMinusInf) {  // causal, no visible key met: its own position's key
      const Eigen::Index j = i + offset;
      total.out.row(i) = v.row(j);
      total.lse(i) = scale * q.row(i).dot(k.row(j));
      ++fallbacks;
    }
  AttentionOutput result = approximate_output(
      name(), total.out, total.lse,
      fmt::format(
          "Reformer LSH: chunk {}, {} chunks, {} buckets{}, {} rounds, seed {}{}", params_.chunk,
          chunks, buckets,
          factors.size() > 1 ? fmt::format(" ({} x {})", factors[0], factors[1]) : std::string(),
          rounds, params_.seed,
          fallbacks ? fmt::format("; {} rows saw no key and took their own", fallbacks)
                    : std::string()));
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace sethkit
