// A small document builder for `sethkit explain`: headings, paragraphs,
// key-value lists and matrices, rendered as terminal text or as Markdown a
// teacher can paste into lecture notes, and recorded as JSON (`explain
// --json`: the title and the steps, each a list of blocks).
#pragma once

#include <nlohmann/json.hpp>
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
  // {"title": ..., "steps": [{"heading": ..., "blocks": [{"kind": "para"|"items"|"matrix", ...}]}]}
  const nlohmann::json& json() const { return json_; }

 private:
  void add_block(nlohmann::json block);

  bool md_;
  int steps_ = 0;
  std::string out_;
  nlohmann::json json_ = {
      {"title", ""}, {"intro", nlohmann::json::array()}, {"steps", nlohmann::json::array()}};
};

}  // namespace sethkit::cli
