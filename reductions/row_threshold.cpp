#include "reductions/row_threshold.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace sethkit {

RowDecisions decide_rows(const Matrix& output, std::size_t rows, const AttentionCertificate& c,
                         double assumed_error) {
  require(output.rows() >= static_cast<Eigen::Index>(rows) && output.cols() >= 1,
          fmt::format("{} decode: expected an output of at least {} rows, found {} x {}",
                      c.reduction, rows, output.rows(), output.cols()));
  require(assumed_error >= 0 && assumed_error < c.tolerated_error,
          fmt::format("{} decode: an oracle error of {:.4g} is not below the tolerated {:.4g}; no "
                      "decision would "
                      "be sound{}",
                      c.reduction, assumed_error, c.tolerated_error,
                      c.tolerated_error < 1e-6 ? " (this instance needs a float64 oracle)" : ""));
  RowDecisions out;
  out.rows.resize(rows, Verdict::kAmbiguous);
  const double yes_max = c.yes_bound + assumed_error;
  const double no_min = c.no_bound - assumed_error;
  for (std::size_t i = 0; i < rows; ++i) {
    const double y = output(static_cast<Eigen::Index>(i), 0);
    if (std::isfinite(y) && y >= -assumed_error && y <= yes_max) {
      out.rows[i] = Verdict::kYes;
      ++out.yes_rows;
      out.min_yes_margin = std::min(out.min_yes_margin, c.threshold - y);
    } else if (std::isfinite(y) && y >= no_min && y <= 1.0 + assumed_error) {
      out.rows[i] = Verdict::kNo;
      out.min_no_margin = std::min(out.min_no_margin, y - c.threshold);
    } else {
      ++out.ambiguous_rows;
      if (!out.first_ambiguous_row) out.first_ambiguous_row = i;
    }
  }
  if (out.first_ambiguous_row) {
    const std::size_t row = *out.first_ambiguous_row;
    out.note = fmt::format(
        "{} row(s) fell outside the YES range [0, {:.6g}] and the NO range [{:.6g}, 1]; first: row "
        "{} with output "
        "{:.9g}. The oracle's error exceeded the assumed {:.3g}, so no answer is decided",
        out.ambiguous_rows, yes_max, no_min, row, output(static_cast<Eigen::Index>(row), 0),
        assumed_error);
  }
  return out;
}

GapDecoded gap_answer_from_rows(const Matrix& output, std::size_t rows, std::size_t n_b,
                                const AttentionCertificate& c, double assumed_error,
                                const std::function<bool(std::size_t, std::size_t)>& is_partner) {
  GapDecoded out;
  out.rows = decide_rows(output, rows, c, assumed_error);
  out.assumed_error = assumed_error;
  out.margin = std::min(out.rows.min_yes_margin, out.rows.min_no_margin);
  out.verdict = out.rows.ambiguous_rows > 0 ? Verdict::kAmbiguous
                : out.rows.yes_rows > 0     ? Verdict::kYes
                                            : Verdict::kNo;
  out.note = out.rows.note;
  std::vector<std::pair<double, std::size_t>> yes;
  for (std::size_t i = 0; i < out.rows.rows.size(); ++i)
    if (out.rows.rows[i] == Verdict::kYes)
      yes.push_back({output(static_cast<Eigen::Index>(i), 0), i});
  std::sort(yes.begin(), yes.end());
  for (std::size_t y = 0; y < yes.size() && !out.witness; ++y)
    for (std::size_t j = 0; j < n_b; ++j)
      if (is_partner(yes[y].second, j)) {
        out.witness = std::pair{yes[y].second, j};
        break;
      }
  return out;
}

OvDecoded ov_answer_from_rows(const OvInstance& ov, const RowDecisions& rows, const Matrix& output,
                              double threshold, double assumed_error) {
  OvDecoded out;
  out.assumed_error = assumed_error;
  out.yes_rows = rows.yes_rows;
  out.ambiguous_rows = rows.ambiguous_rows;
  out.first_ambiguous_row = rows.first_ambiguous_row;
  if (rows.ambiguous_rows > 0) {
    out.verdict = Verdict::kAmbiguous;
    out.note = rows.note;
    return out;
  }
  if (rows.yes_rows == 0) {
    out.verdict = Verdict::kNo;
    out.margin = rows.rows.empty() ? threshold : rows.min_no_margin;
    return out;
  }
  out.verdict = Verdict::kYes;
  out.margin = rows.min_yes_margin;
  std::vector<std::pair<double, std::size_t>> yes;
  for (std::size_t i = 0; i < rows.rows.size(); ++i)
    if (rows.rows[i] == Verdict::kYes) yes.push_back({output(static_cast<Eigen::Index>(i), 0), i});
  std::sort(yes.begin(), yes.end());
  for (const auto& [y, i] : yes)
    for (std::size_t j = 0; j < ov.n_b(); ++j)
      if (inner_product(ov.a(i), ov.b(j)) == 0) {
        out.witness = std::pair{i, j};
        return out;
      }
  out.note = "decoded YES, but no YES row has an orthogonal partner: the oracle output is wrong";
  return out;
}

}  // namespace sethkit
