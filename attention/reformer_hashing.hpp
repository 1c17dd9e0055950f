// The hashing rounds of the `reformer` backend (attention/reformer_backend.hpp;
// Kitaev, Kaiser & Levskaya, "Reformer", ICLR 2020), shared by its forward
// and backward pass: each round hashes queries and keys with random
// rotations (angular LSH), sorts them by (bucket, position) and cuts them
// into chunks; query chunk t meets key chunks t and t - 1 (cyclically).
#pragma once

#include <cstdint>
#include <vector>

#include "core/matrix.hpp"

namespace sethkit {

// One hashing round: rows sorted by (bucket, position) and each row's chunk.
struct SortedRound {
  std::vector<Eigen::Index> order;  // sorted position -> row
  std::vector<Eigen::Index> chunk;  // row -> its chunk
  std::vector<Eigen::Index> start;  // chunk t holds sorted positions [start[t], start[t + 1])
};

struct ReformerRounds {
  Eigen::Index chunks = 1;
  std::vector<SortedRound> queries, keys;  // one per round

  int rounds() const { return static_cast<int>(queries.size()); }
  // Whether key j is in query i's set in round r: its chunk is i's or the one before.
  bool meets(int r, Eigen::Index i, Eigen::Index j) const;
  // The keys query i meets in any round, ascending, without repeats.
  std::vector<Eigen::Index> key_set(Eigen::Index i) const;
};

// The rounds for float32 queries `q_hash` (negated by the caller when the
// scale is negative) and keys `k`, the bucket count factorised as `factors`,
// rotations drawn from `seed`.
ReformerRounds hash_rounds(const MatrixF& q_hash, const MatrixF& k,
                           const std::vector<long>& factors, Eigen::Index chunks, int rounds,
                           std::uint64_t seed);

}  // namespace sethkit
