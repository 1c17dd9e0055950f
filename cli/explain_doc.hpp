// A small document builder for `sethkit explain`: headings, paragraphs,
// key-value lists and matrices, rendered as terminal text or as Markdown a
// teacher can paste into lecture notes.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/matrix.hpp"
#include "core/ov.hpp"

namespace sethkit::cli {

class ExplainDoc {
 public:
  explicit ExplainDoc(bool markdown) : md_(markdown) {}

  void title(const std::string& text);
  void step(const std::string& text);  // a numbered step heading
  void para(const std::string& text);
  void items(const std::vector<std::pair<std::string, std::string>>& rows);
  // A matrix with row and column labels; entries with `precision` digits.
  void matrix(const std::string& caption, const Matrix& m, const std::vector<std::string>& rows,
              int precision = 3);
  // The vectors of an OV instance, as 0/1 strings.
  void vectors(const OvInstance& ov);

  const std::string& str() const { return out_; }

 private:
  bool md_;
  int steps_ = 0;
  std::string out_;
};

}  // namespace sethkit::cli
