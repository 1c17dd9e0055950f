#include "cli/explain_gradient.hpp"

#include <fmt/format.h>

#include <string>
#include <utility>
#include <vector>

#include "attention/naive_backend.hpp"
#include "core/verify.hpp"
#include "reductions/ov_to_attention_gradient.hpp"
#include "solvers/ov_solver.hpp"

namespace sethkit::cli {

void explain_ov_to_attention_gradient(ExplainDoc& doc, const OvInstance& ov) {
  doc.title("OV -> attention gradient (derived for sethkit; the setting of Alman-Song's sequel)");
  doc.step("the OV instance");
  doc.para("Is there a in A and b in B with <a, b> = 0?");
  doc.vectors(ov);
  const OvToAttentionGradient rule;
  const AttentionGradientInstance t = rule.encode(ov);
  const auto& a = t.attention;
  const auto& c = a.certificate;
  doc.step("the attention input");
  doc.para(fmt::format(
      "As in OV -> attention: query a_i is -s a_i and key b_j is s b_j, now with s = {:.4g} so "
      "that a non-orthogonal pair's logit is at most -ln(8N(N + 1)) = {:.4g}; a sink key scores "
      "0 and carries value 1. Every real key gets one more coordinate, 1, where every query "
      "has 0: the logits do not change, but dQ's last column will add up the weights on the "
      "real keys.",
      c.s, -std::log(8.0 * static_cast<double>(c.big_n) * (static_cast<double>(c.big_n) + 1))));
  std::vector<std::string> key_rows;
  for (Eigen::Index j = 0; j + 1 < c.n_k; ++j) key_rows.push_back(fmt::format("b{}", j));
  key_rows.emplace_back("sink");
  std::vector<std::string> query_rows;
  for (Eigen::Index i = 0; i < c.n_q; ++i) query_rows.push_back(fmt::format("a{}", i));
  doc.matrix("Q:", a.q, query_rows, 3);
  doc.matrix("K:", a.k, key_rows, 3);

  doc.step("the forward pass");
  const NaiveBackend naive;
  const AttentionInput in{a.q, a.k, a.v, a.scale};
  const AttentionOutput forward = naive.run(in);
  doc.para(
      "O_i = Y_i is the weight row i puts on the sink: 1/(1 + S_i), with S_i the sum of "
      "exp(logit) over the real keys (at least 1 with an orthogonal partner, at most "
      "1/(8(N + 1)) without).");
  doc.matrix("Y_i:", forward.out, query_rows, 4);

  doc.step("the backward pass with dO = 1");
  const AttentionGradients g = naive.backward(in, forward, t.d_out);
  doc.para(fmt::format(
      "For L = sum_i O_i, dS_ij = P_ij (v_j - Y_i), so the last entry of dq_i is scale times "
      "the sum of dS_ij over the real keys: -scale Y_i (1 - Y_i). The row value "
      "y_i = 1 + 4 dQ_i[{}] / scale = 1 - 4 Y_i (1 - Y_i) is at most 1 - 2/(N + 1) = {:.4f} for a "
      "row with an orthogonal partner and at least 1 - 1/(2(N + 1)) = {:.4f} for one without.",
      t.read_column, c.yes_bound, c.no_bound));
  const Matrix y = OvToAttentionGradient::row_values(t, g.dq);
  Matrix table(c.n_q, 2);
  table.col(0) = g.dq.col(t.read_column);
  table.col(1) = y.col(0);
  doc.matrix("dQ_i[last] and y_i:", table, query_rows, 5);

  doc.step("the decision");
  std::vector<std::pair<std::string, std::string>> verdicts;
  for (Eigen::Index i = 0; i < c.n_q; ++i)
    verdicts.emplace_back(fmt::format("row {}", i),
                          fmt::format("y = {:.4f} {} {:.4f}: {}", y(i, 0),
                                      y(i, 0) < c.threshold ? "<" : ">=", c.threshold,
                                      y(i, 0) < c.threshold ? "YES" : "NO"));
  doc.items(verdicts);
  const OvDecoded d = rule.decode(ov, t, g.dq, c.exact_oracle_error * c.scale / 4);
  doc.para(fmt::format(
      "Answer: {}{}. The decision survives any error in dQ below 3 scale / (16 (N + 1)) = "
      "{:.3g}: 1/poly(n), the precision at which Alman and Song's hardness holds.",
      to_string(d.verdict),
      d.witness ? fmt::format(", witness a{} b{} (checked orthogonal: {})", d.witness->first,
                              d.witness->second,
                              is_orthogonal_pair(ov, d.witness->first, d.witness->second))
                : "",
      OvToAttentionGradient::gradient_tolerance(c)));
  const OvAnswer truth = solve_ov_naive(ov);
  doc.para(truth.found
               ? fmt::format("Brute force agrees: a{} and b{} are orthogonal.", truth.i, truth.j)
               : "Brute force agrees: no pair is orthogonal.");
}

}  // namespace sethkit::cli
