#include "experiments/pcp_sweep.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "core/cell_journal.hpp"
#include "core/error.hpp"
#include "core/json_report.hpp"
#include "core/ov.hpp"
#include "core/stopwatch.hpp"
#include "instances/random_ov.hpp"
#include "reductions/gap_max_ip_to_attention.hpp"
#include "reductions/reed_solomon_protocol.hpp"

namespace sethkit {

namespace {

nlohmann::json number(double x) {
  return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr);
}

double number_from(const nlohmann::json& j) {
  return j.is_null() ? std::numeric_limits<double>::infinity() : j.get<double>();
}

// The shape (m, k, q) without building anything: sizes in doubles.
PcpSweepPoint analyse(const PcpSweepParams& p, std::size_t m, std::size_t k, std::size_t q,
                      bool default_k, bool larger_q) {
  PcpSweepPoint pt;
  pt.m = m;
  pt.k = k;
  pt.l = (m + k - 1) / k;
  pt.q = q;
  pt.default_k = default_k;
  pt.larger_q = larger_q;
  const double dq = static_cast<double>(q);
  pt.dim = std::pow(dq, static_cast<double>(pt.l + 2));
  pt.hints = std::pow(dq, static_cast<double>(k - 1));
  pt.rows_a = static_cast<double>(p.n) * pt.hints;
  pt.s_yes = q;
  pt.s_no = 2 * k - 2;
  pt.gap_ratio =
      pt.s_no == 0 ? std::numeric_limits<double>::infinity() : dq / static_cast<double>(pt.s_no);
  pt.entry_bound = GapMaxIpToAttention::entry_bound(p.n, pt.dim, pt.s_yes, pt.s_no);
  pt.entry_bound_ratio = pt.entry_bound / std::sqrt(std::log(static_cast<double>(p.n + 1)));
  pt.direct_bound = std::sqrt(static_cast<double>(m) * std::log(8.0 * static_cast<double>(p.n)));
  pt.attention_bytes = 8.0 * (pt.rows_a + static_cast<double>(p.n) + 1) * pt.dim;
  return pt;
}

// The chain on a planted YES and a forced NO instance.
void run_chains(const PcpSweepParams& p, const PcpChainRunner& runner, PcpSweepPoint& pt) {
  if (!runner) {
    pt.note = "not run: no chain runner";
    return;
  }
  if (!(pt.attention_bytes <= p.run_bytes)) {
    pt.note = fmt::format("not run: Q and K need {:.3g} bytes, above {:.3g}", pt.attention_bytes,
                          p.run_bytes);
    return;
  }
  Stopwatch watch;
  pt.agree = true;
  for (const OvPlant plant : {OvPlant::kPlantYes, OvPlant::kForceNo}) {
    const std::uint64_t seed = p.seed + pt.m * 131 + pt.k * 7 + (plant == OvPlant::kPlantYes);
    const OvInstance ov = random_ov({p.n, p.n, pt.m, 0.5, plant, seed}).ov;
    const std::string problem = runner(ov, pt.k, pt.q);
    if (!problem.empty()) {
      pt.agree = false;
      pt.note = fmt::format("{}: {}", plant == OvPlant::kPlantYes ? "YES" : "NO", problem);
    }
  }
  pt.seconds = watch.seconds();
  pt.ran = true;
}
}  // namespace

void to_json(nlohmann::json& j, const PcpSweepPoint& p) {
  j = {{"m", p.m},
       {"k", p.k},
       {"l", p.l},
       {"q", p.q},
       {"default_k", p.default_k},
       {"larger_q", p.larger_q},
       {"dim", number(p.dim)},
       {"hints", number(p.hints)},
       {"rows_a", number(p.rows_a)},
       {"s_yes", p.s_yes},
       {"s_no", p.s_no},
       {"gap_ratio", number(p.gap_ratio)},
       {"entry_bound", number(p.entry_bound)},
       {"entry_bound_ratio", number(p.entry_bound_ratio)},
       {"direct_bound", p.direct_bound},
       {"attention_bytes", number(p.attention_bytes)},
       {"ran", p.ran},
       {"agree", p.agree},
       {"seconds", p.seconds},
       {"note", p.note}};
}

void from_json(const nlohmann::json& j, PcpSweepPoint& p) {
  j.at("m").get_to(p.m);
  j.at("k").get_to(p.k);
  j.at("l").get_to(p.l);
  j.at("q").get_to(p.q);
  j.at("default_k").get_to(p.default_k);
  j.at("larger_q").get_to(p.larger_q);
  p.dim = number_from(j.at("dim"));
  p.hints = number_from(j.at("hints"));
  p.rows_a = number_from(j.at("rows_a"));
  j.at("s_yes").get_to(p.s_yes);
  j.at("s_no").get_to(p.s_no);
  p.gap_ratio = number_from(j.at("gap_ratio"));
  p.entry_bound = number_from(j.at("entry_bound"));
  p.entry_bound_ratio = number_from(j.at("entry_bound_ratio"));
  j.at("direct_bound").get_to(p.direct_bound);
  p.attention_bytes = number_from(j.at("attention_bytes"));
  j.at("ran").get_to(p.ran);
  j.at("agree").get_to(p.agree);
  j.at("seconds").get_to(p.seconds);
  j.at("note").get_to(p.note);
}

void require_valid_pcp_sweep(const PcpSweepParams& p) {
  require(!p.dims.empty(), "sweep pcp: --m names no dimension");
  for (const std::size_t m : p.dims)
    require(m >= 1 && m <= 64, fmt::format("sweep pcp: m = {} outside [1, 64]", m));
  require(p.n >= 1 && p.n <= 4096, fmt::format("sweep pcp: --n {} outside [1, 4096]", p.n));
  require(p.run_bytes >= 0, "sweep pcp: --run-bytes must be non-negative");
}

std::vector<PcpSweepPoint> run_pcp_sweep(const PcpSweepParams& p, const PcpChainRunner& runner,
                                         CellJournal* journal) {
  require_valid_pcp_sweep(p);
  std::vector<PcpSweepPoint> points;
  for (const std::size_t m : p.dims) {
    const std::size_t chosen = default_grid_rows(m);
    for (std::size_t k = 1; k <= m; ++k) {
      const std::size_t l = (m + k - 1) / k;
      const std::size_t least = next_prime_above(std::max(l, 2 * k - 2));
      std::vector<std::pair<std::size_t, bool>> fields{{least, false}};
      if (k == chosen) fields.push_back({next_prime_above(least), true});
      for (const auto& [q, larger] : fields) {
        const std::string key = fmt::format("{}/{}/{}", m, k, q);
        if (not_this_shard(journal, key)) continue;
        points.push_back(journaled<PcpSweepPoint>(journal, key, [&] {
          PcpSweepPoint pt = analyse(p, m, k, q, k == chosen, larger);
          run_chains(p, runner, pt);
          return pt;
        }));
      }
    }
  }
  return points;
}

nlohmann::json pcp_sweep_parameters(const PcpSweepParams& p) {
  return {{"dims", p.dims}, {"n", p.n}, {"run_bytes", p.run_bytes}, {"seed", p.seed}};
}

std::string pcp_sweep_csv(const std::vector<PcpSweepPoint>& points) {
  std::string csv =
      "m,k,l,q,default_k,larger_q,dim,hints,rows_a,s_yes,s_no,gap_ratio,entry_bound,"
      "entry_bound_ratio,direct_bound,ran,agree,seconds\n";
  for (const PcpSweepPoint& p : points)
    csv += fmt::format(
        "{},{},{},{},{},{},{:.6g},{:.6g},{:.6g},{},{},{:.4g},{:.4g},{:.4g},{:.4g},{},"
        "{},{:.3g}\n",
        p.m, p.k, p.l, p.q, p.default_k ? 1 : 0, p.larger_q ? 1 : 0, p.dim, p.hints, p.rows_a,
        p.s_yes, p.s_no, p.gap_ratio, p.entry_bound, p.entry_bound_ratio, p.direct_bound,
        p.ran ? 1 : 0, p.agree ? 1 : 0, p.seconds);
  return csv;
}

nlohmann::json pcp_sweep_json(const PcpSweepParams& params,
                              const std::vector<PcpSweepPoint>& points) {
  nlohmann::json rows = nlohmann::json::array();
  for (const PcpSweepPoint& p : points) rows.push_back(p);
  return {{"tool", tool_json()},
          {"experiment", "pcp"},
          {"parameters", pcp_sweep_parameters(params)},
          {"points", rows}};
}

}  // namespace sethkit
