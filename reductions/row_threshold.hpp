// Row-by-row decoding of attention outputs against a YES bound and a NO bound,
// shared by the reductions whose answer is read off out[i, 0] (OV -> attention,
// Gap-Hamming -> attention). The certificate guarantees YES rows <= yes_bound
// and NO rows >= no_bound (yes_bound < no_bound). For an oracle claiming error
// e < tolerated_error = (no_bound - yes_bound) / 2, row i is
//   YES        if out[i, 0] in [-e, yes_bound + e],
//   NO         if out[i, 0] in [no_bound - e, 1 + e],
//   AMBIGUOUS  otherwise (or NaN): the oracle erred beyond its claim.
// The margin of a row is its distance from the threshold (the midpoint).
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/matrix.hpp"
#include "core/ov.hpp"
#include "reductions/attention_target.hpp"
#include "reductions/verdict.hpp"

namespace sethkit {

// The OV answer read off attention rows: the verdict, a witness pair, and how
// much more oracle error the answer could take.
struct OvDecoded {
  Verdict verdict = Verdict::kAmbiguous;
  std::optional<std::pair<std::size_t, std::size_t>> witness;  // (i, j), orthogonal by scan
  // How far the deciding output sits from the threshold: for YES the smallest
  // Y_i's distance below it, for NO the smallest distance above it. The oracle
  // could have erred by this much more and still decoded the same.
  double margin = 0;
  double assumed_error = 0;  // the oracle error the decoder was told to expect
  std::size_t yes_rows = 0, ambiguous_rows = 0;
  std::optional<std::size_t> first_ambiguous_row;
  std::string note;  // a plain-words reason for AMBIGUOUS or a missing witness
};

struct RowDecisions {
  std::vector<Verdict> rows;  // one per decoded row
  std::size_t yes_rows = 0, ambiguous_rows = 0;
  std::optional<std::size_t> first_ambiguous_row;
  double min_yes_margin = INFINITY;  // over YES rows: threshold - out
  double min_no_margin = INFINITY;   // over NO rows: out - threshold
  std::string note;                  // plain words, when a row is ambiguous
};

// The answer of a row-by-row promise problem (Gap-Hamming, Gap Max-IP) read
// off attention rows.
struct GapDecoded {
  Verdict verdict = Verdict::kAmbiguous;  // YES if any row is YES
  RowDecisions rows;                      // per a_i, with counts, margins and the ambiguity note
  double margin = 0;                      // smallest distance of a decided row from the threshold
  double assumed_error = 0;
  // (row, partner) meeting the YES condition (distance <= t, inner product
  // >= s_yes): the YES rows, smallest output first, scanned for a partner.
  // None when no YES row has one (then `note` says so).
  std::optional<std::pair<std::size_t, std::size_t>> witness;
  std::string note;  // the rows' ambiguity note, or a missing witness
};

// Decodes rows 0 .. rows-1 of `output` (column 0). Throws ContractError when
// `assumed_error` is not below the certificate's tolerance.
// The OV answer from row decisions of any reduction whose row i decides "a_i
// has an orthogonal partner": AMBIGUOUS if any row is, else YES iff some row is
// YES, with the witness found by scanning the YES rows (smallest output first)
// for an orthogonal partner; the margin is the decisions' own.
OvDecoded ov_answer_from_rows(const OvInstance& ov, const RowDecisions& rows,
                              const Matrix& output /* n_q x d_v */, double threshold,
                              double assumed_error);

RowDecisions decide_rows(const Matrix& output /* n_q x d_v */, std::size_t rows,
                         const AttentionCertificate& c, double assumed_error);

// The promise problem's answer from its rows (decide_rows): AMBIGUOUS if any
// row is, else YES iff some row is YES; the witness is found by scanning the
// YES rows, smallest output first, for a b_j with is_partner(i, j).
GapDecoded gap_answer_from_rows(const Matrix& output, std::size_t rows, std::size_t n_b,
                                const AttentionCertificate& c, double assumed_error,
                                const std::function<bool(std::size_t, std::size_t)>& is_partner);

}  // namespace sethkit
