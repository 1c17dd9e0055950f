#include "cli/explain_doc.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace sethkit::cli {

// Blocks before the first step belong to the introduction.
void ExplainDoc::add_block(nlohmann::json block) {
  if (json_["steps"].empty())
    json_["intro"].push_back(std::move(block));
  else
    json_["steps"].back()["blocks"].push_back(std::move(block));
}

void ExplainDoc::title(const std::string& text) {
  json_["title"] = text;
  out_ += md_ ? fmt::format("# {}\n\n", text)
              : fmt::format("{}\n{}\n\n", text, std::string(text.size(), '='));
}

void ExplainDoc::step(const std::string& text) {
  ++steps_;
  json_["steps"].push_back({{"heading", text}, {"blocks", nlohmann::json::array()}});
  out_ += md_ ? fmt::format("## Step {}: {}\n\n", steps_, text)
              : fmt::format("Step {}: {}\n{}\n", steps_, text,
                            std::string(text.size() + 7 + std::to_string(steps_).size(), '-'));
}

void ExplainDoc::para(const std::string& text) {
  add_block({{"kind", "para"}, {"text", text}});
  out_ += text + "\n\n";
}

void ExplainDoc::items(const std::vector<std::pair<std::string, std::string>>& rows) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& [k, v] : rows) list.push_back({{"key", k}, {"value", v}});
  add_block({{"kind", "items"}, {"items", std::move(list)}});
  for (const auto& [k, v] : rows)
    out_ += md_ ? fmt::format("- **{}**: {}\n", k, v) : fmt::format("  {}: {}\n", k, v);
  out_ += "\n";
}

void ExplainDoc::matrix(const std::string& caption, const Matrix& m,
                        const std::vector<std::string>& rows, int precision) {
  const auto cell = [&](double x) {
    x += 0.0;  // -0 prints as 0
    if (x == std::floor(x) && std::abs(x) < 1e6) return fmt::format("{:.0f}", x);
    return fmt::format("{:.{}f}", x, precision);
  };
  nlohmann::json values = nlohmann::json::array();
  for (Eigen::Index r = 0; r < m.rows(); ++r) {
    nlohmann::json row = nlohmann::json::array();
    for (Eigen::Index c = 0; c < m.cols(); ++c) row.push_back(m(r, c) + 0.0);
    values.push_back(std::move(row));
  }
  add_block(
      {{"kind", "matrix"}, {"caption", caption}, {"rows", rows}, {"values", std::move(values)}});
  if (md_) {
    out_ += caption + "\n\n|  |";
    for (Eigen::Index c = 0; c < m.cols(); ++c) out_ += fmt::format(" {} |", c);
    out_ += "\n|---|";
    for (Eigen::Index c = 0; c < m.cols(); ++c) out_ += "---|";
    out_ += "\n";
    for (Eigen::Index r = 0; r < m.rows(); ++r) {
      out_ += fmt::format("| {} |", r < static_cast<Eigen::Index>(rows.size()) ? rows[r] : "");
      for (Eigen::Index c = 0; c < m.cols(); ++c) out_ += " " + cell(m(r, c)) + " |";
      out_ += "\n";
    }
    out_ += "\n";
    return;
  }
  out_ += "  " + caption + "\n";
  std::size_t width = 1, label = 1;
  for (Eigen::Index r = 0; r < m.rows(); ++r)
    for (Eigen::Index c = 0; c < m.cols(); ++c) width = std::max(width, cell(m(r, c)).size());
  for (const auto& s : rows) label = std::max(label, s.size());
  for (Eigen::Index r = 0; r < m.rows(); ++r) {
    out_ += fmt::format("    {:>{}} [", r < static_cast<Eigen::Index>(rows.size()) ? rows[r] : "",
                        label);
    for (Eigen::Index c = 0; c < m.cols(); ++c)
      out_ += fmt::format(" {:>{}}", cell(m(r, c)), width);
    out_ += " ]\n";
  }
  out_ += "\n";
}

void ExplainDoc::vectors(const OvInstance& ov) {
  std::vector<std::pair<std::string, std::string>> rows;
  const auto bits = [](std::span<const std::uint8_t> v) {
    std::string s;
    for (auto x : v) s += x ? '1' : '0';
    return s;
  };
  for (std::size_t i = 0; i < ov.n_a(); ++i)
    rows.emplace_back(fmt::format("a{}", i), bits(ov.a(i)));
  for (std::size_t j = 0; j < ov.n_b(); ++j)
    rows.emplace_back(fmt::format("b{}", j), bits(ov.b(j)));
  items(rows);
}

}  // namespace sethkit::cli
