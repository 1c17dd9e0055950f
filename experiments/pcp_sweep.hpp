// The distributed PCP's trade-offs (docs/experiments/pcp.md): for OV of
// dimension m and each grid shape k (with the least prime q, and for the
// default k also the next prime), the protocol's sizes (l, q, dimension
// q^(l+2), hints q^(k-1)), its gap q / (2k - 2), and the entry bound B the
// one-sink attention encoding of reductions/gap_max_ip_to_attention.hpp then
// needs, beside the direct OV -> attention chain's sqrt(m ln 8N). Where the
// attention instance fits `run_bytes`, a runner (the CLI's: the chain
// ov-pcp-attention through the executor, a module above this one) runs on a
// planted YES and a forced NO instance of n x n vectors, and its time and
// agreement with ground truth are recorded. Abboud, Rubinstein, Williams
// (FOCS 2017) for the protocol; the shapes and the default k are sethkit's.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace sethkit {

class CellJournal;
class OvInstance;

// Runs the chain on `ov` with the shape (k, q): "" when it agrees with ground
// truth and builds the sizes it claims, else what went wrong (one line).
using PcpChainRunner =
    std::function<std::string(const OvInstance& ov, std::size_t k, std::size_t q)>;

struct PcpSweepParams {
  std::vector<std::size_t> dims = {4, 6, 8, 10, 12, 14, 16};  // m
  std::size_t n = 8;                                          // OV vectors per side
  double run_bytes = 256.0 * (1 << 20);                       // the chain runs when Q, K fit this
  std::uint64_t seed = 1;
};

struct PcpSweepPoint {
  std::size_t m = 0, k = 0, l = 0, q = 0;
  bool default_k = false;     // the shape verify uses without --pcp-k
  bool larger_q = false;      // q is the next prime after the least one
  double dim = 0, hints = 0;  // q^(l+2), q^(k-1) (doubles: they may be astronomical)
  double rows_a = 0;          // n q^(k-1)
  std::size_t s_yes = 0, s_no = 0;
  double gap_ratio = 0;          // s_yes / s_no; infinite for k = 1
  double entry_bound = 0;        // B of gap-max-ip-to-attention on n x n vectors
  double entry_bound_ratio = 0;  // B / sqrt(ln(n + 1))
  double direct_bound = 0;       // ov-to-attention's B = sqrt(m ln 8n)
  double attention_bytes = 0;    // Q and K in double precision
  bool ran = false;              // the chain ran (YES and NO)
  bool agree = false;            // both runs agreed with ground truth
  double seconds = 0;            // the two runs' wall time
  std::string note;              // why it did not run, or what disagreed
};

void to_json(nlohmann::json& j, const PcpSweepPoint& p);
void from_json(const nlohmann::json& j, PcpSweepPoint& p);

// ContractError for an empty or out-of-range m list (1 <= m <= 64), n outside
// [1, 4096], or a negative byte limit.
void require_valid_pcp_sweep(const PcpSweepParams& params);

// Every (m, k) with the least q, and the default k with the next prime, in
// order; `runner` (may be empty: nothing runs) where the instance fits.
std::vector<PcpSweepPoint> run_pcp_sweep(const PcpSweepParams& params, const PcpChainRunner& runner,
                                         CellJournal* journal = nullptr);
nlohmann::json pcp_sweep_parameters(const PcpSweepParams& params);
std::string pcp_sweep_csv(const std::vector<PcpSweepPoint>& points);
nlohmann::json pcp_sweep_json(const PcpSweepParams& params,
                              const std::vector<PcpSweepPoint>& points);

}  // namespace sethkit
