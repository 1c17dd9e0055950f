// Orthogonal Vectors -> Gap Max-IP by the distributed PCP of Abboud,
// Rubinstein and Williams (FOCS 2017): a Merlin-Arthur protocol for set
// disjointness over Reed-Solomon codes, its accepting views written as 0/1
// vectors (the construction's parameters are sethkit's own; see the page).
// Docs: docs/reductions/ov_to_gap_max_ip.md (protocol, completeness and
// soundness, a worked example, parameter trade-offs).
//
// With the protocol of reductions/reed_solomon_protocol.hpp (k x l grid,
// prime q > max(l, 2k - 2), H = q^(k-1) hints) the vectors have q blocks,
// one per verifier randomness r, each indexed by (mu, v) in F_q^l x F_q:
//   Alice (a, psi): in block r, one 1 at ((A_y(r))_y, psi(r))    weight q
//   Bob b:          in block r, a 1 at every (mu, v) with
//                   sum_y mu_y B_y(r) = v                         weight q^(l+1)
// so <Alice(a, psi), Bob(b)> counts the r the verifier accepts:
//   q          when a, b are orthogonal and psi is the honest hint,
//   <= 2k - 2  for every hint when they are not.
// Sizes: n_a H rows on Alice's side (row i H + h is (a_i, hint h)), n_b on
// Bob's, dimension q^(l+2); s_yes = q, s_no = 2k - 2. Cost O((n_a H + n_b) q^(l+2)).
#pragma once

#include <cstddef>
#include <nlohmann/json_fwd.hpp>
#include <utility>

#include "core/gap_max_ip.hpp"
#include "core/limits.hpp"
#include "core/ov.hpp"
#include "reductions/edge_record.hpp"
#include "reductions/reed_solomon_protocol.hpp"

namespace sethkit {

// What the construction claims, from the source alone.
struct GapMaxIpCertificate {
  ProtocolShape shape;           // m, k, l, q
  std::size_t n_a = 0, n_b = 0;  // the source's sides
  std::size_t hints = 0;         // H = q^(k-1)
  std::size_t rows_a = 0;        // n_a H
  std::size_t dim = 0;           // q^(l+2)
  std::size_t s_yes = 0;         // q
  std::size_t s_no = 0;          // 2k - 2
  std::size_t weight_a = 0;      // q: every Alice vector
  std::size_t weight_b = 0;      // q^(l+1): every Bob vector
  double gap_ratio = 0;          // s_yes / s_no (infinite when s_no = 0)
  std::uint64_t bytes = 0;       // the points, one byte a coordinate
};

class OvToGapMaxIp {
 public:
  using Source = OvInstance;
  using Target = GapMaxIp;
  static constexpr const char* kName = "ov-to-gap-max-ip";
  static constexpr const char* kDeclaredOverhead =
      "n_a = N_a q^(k-1), n_b = N_b, dim = q^(l+2), s_yes = q, s_no = 2k - 2 (k x l grid, l = "
      "ceil(d / k), q the least prime > max(l, 2k - 2))";
  // This reduction as an edge of the reduction graph (docs/graph.md).
  static EdgeRecord edge();

  struct Params {
    std::size_t k = 0;  // grid rows; 0: default_grid_rows(m)
    std::size_t q = 0;  // the field; 0: the least prime above max(l, 2k - 2)
    Limits limits{};    // max_bytes bounds the points
  };

  OvToGapMaxIp() : OvToGapMaxIp(Params{}) {}
  explicit OvToGapMaxIp(Params params) : params_(params) {}

  // Throws ContractError for a shape the protocol refuses (protocol_shape) or
  // points beyond limits.max_bytes.
  GapMaxIpCertificate certificate(const OvInstance& ov) const;
  GapMaxIp encode(const OvInstance& ov) const;
  // Alice's row (a_i with hint h, row i H + h) and Bob's b_j -> the OV pair (i, j).
  std::pair<std::size_t, std::size_t> decode(const OvInstance& source, const GapMaxIp& target,
                                             std::pair<std::size_t, std::size_t> pair) const;
  // The same map given the hint count H: (row, j) -> (row div H, j).
  static std::pair<std::size_t, std::size_t> pair_of_row(std::size_t hints,
                                                         std::pair<std::size_t, std::size_t> pair) {
    return {pair.first / hints, pair.second};
  }

 private:
  Params params_;
};

// The certificate as the run bundle records it.
nlohmann::json to_json(const GapMaxIpCertificate& c);

}  // namespace sethkit
