#include "core/ov_format.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "core/error.hpp"
#include "core/file_io.hpp"
#include "core/text_lines.hpp"

namespace sethkit {

namespace {

struct OvHeader {
  std::uint64_t n_a = 0, n_b = 0, d = 0;
};

class OvParser {
 public:
  OvParser(const std::string& name, const OvReadOptions& options)
      : name_(name), options_(options) {}

  OvFile parse(const std::string& text) {
    LineScanner lines(text);
    text_size_ = text.size();
    while (auto line = lines.next()) {
      line_ = lines.line_number();
      offset_ = static_cast<std::uint64_t>(line->data() - text.data()) + line->size();
      const std::string_view body = trim_left(*line);
      const std::size_t indent = body.data() - line->data();
      if (body.empty()) continue;
      if (body.front() == 'c') {
        parse_comment(body, indent);
        continue;
      }
      if (body.front() == 'p') {
        parse_header(*line);
        continue;
      }
      if (body.front() == 'a' || body.front() == 'b') {
        parse_vector(body, indent);
        continue;
      }
      fail(indent + 1, fmt::format("expected a line starting with 'c', 'p', 'a' or 'b', found '{}'",
                                   shown(body)));
    }
    return finish();
  }

 private:
  [[noreturn]] void fail(std::size_t column, const std::string& message) const {
    throw InputError(name_, line_, column, message);
  }

  void parse_comment(std::string_view body, std::size_t indent) {
    const auto tokens = tokenize(body);
    if (tokens.size() == 3 && tokens[0].text == "c" && tokens[1].text == "answer") {
      if (tokens[2].text == "yes")
        answer_ = true;
      else if (tokens[2].text == "no")
        answer_ = false;
      else
        fail(indent + tokens[2].column,
             fmt::format("expected 'yes' or 'no' after 'c answer', found '{}'",
                         shown(tokens[2].text)));
    } else if (tokens.size() == 4 && tokens[0].text == "c" && tokens[1].text == "planted") {
      const auto i = parse_int(tokens[2].text);
      const auto j = parse_int(tokens[3].text);
      if (!i || *i < 0 || !j || *j < 0)
        fail(indent + tokens[2].column, "expected two non-negative indices after 'c planted'");
      planted_.push_back({static_cast<std::size_t>(*i), static_cast<std::size_t>(*j)});
      planted_lines_.push_back(line_);
    } else if (tokens.size() == 4 && tokens[0].text == "c" && tokens[1].text == "label") {
      const auto i = parse_int(tokens[2].text);
      if (!i || *i < 0 || (tokens[3].text != "yes" && tokens[3].text != "no"))
        fail(indent + tokens[2].column, "expected 'c label <i> yes|no'");
      labels_.push_back({static_cast<std::size_t>(*i), tokens[3].text == "yes"});
      label_lines_.push_back(line_);
    }
  }

  void parse_header(std::string_view line) {
    const auto tokens = tokenize(line);
    if (have_header_) fail(tokens[0].column, "found a second 'p' header; expected exactly one");
    const bool gap = tokens.size() == 7 && tokens[0].text == "p" && tokens[1].text == "gap-hamming";
    if (!gap && (tokens.size() != 5 || tokens[0].text != "p" || tokens[1].text != "ov"))
      fail(tokens[0].column,
           fmt::format(
               "expected header 'p ov <nA> <nB> <d>' or 'p gap-hamming <nA> <nB> <d> <t> <eps>', "
               "found '{}'",
               shown(line)));
    if (gap) {
      const auto t = parse_int(tokens[5].text);
      if (!t || *t < 1)
        fail(tokens[5].column,
             fmt::format("expected a threshold t >= 1, found '{}'", shown(tokens[5].text)));
      char* end = nullptr;
      const std::string eps_text(tokens[6].text);
      const double eps = std::strtod(eps_text.c_str(), &end);
      if (end != eps_text.c_str() + eps_text.size() || !(eps > 0) || !std::isfinite(eps))
        fail(tokens[6].column,
             fmt::format("expected a gap eps > 0, found '{}'", shown(tokens[6].text)));
      gap_ = GapPromise{static_cast<std::size_t>(*t), eps};
    }
    std::uint64_t values[3];
    const char* what[3] = {"nA", "nB", "d"};
    for (int t = 0; t < 3; ++t) {
      const auto v = parse_int(tokens[2 + t].text);
      if (!v || *v < 0)
        fail(tokens[2 + t].column, fmt::format("expected a non-negative integer for {}, found '{}'",
                                               what[t], shown(tokens[2 + t].text)));
      values[t] = static_cast<std::uint64_t>(*v);
    }
    header_ = {values[0], values[1], values[2]};
    const auto& lim = options_.limits;
    if (header_.d == 0) fail(tokens[4].column, "expected dimension d >= 1, found 0");
    if (header_.d > lim.max_ov_dimension)
      fail(tokens[4].column, fmt::format("header declares dimension {}, above the limit of {} {}",
                                         header_.d, lim.max_ov_dimension, budget_reason(lim)));
    for (int t = 0; t < 2; ++t)
      if (values[t] > lim.max_ov_vectors)
        fail(tokens[2 + t].column,
             fmt::format("header declares {} = {} vectors, above the limit of {} vectors per side "
                         "{}",
                         what[t], values[t], lim.max_ov_vectors, budget_reason(lim)));
    const std::uint64_t bytes_a = saturating_mul(header_.n_a, header_.d);
    const std::uint64_t bytes_b = saturating_mul(header_.n_b, header_.d);
    if (saturating_add(bytes_a, bytes_b) > lim.max_bytes)
      fail(
          tokens[2].column,
          fmt::format("header declares nA = {} and nB = {} vectors of dimension {}: {} + {}, above "
                      "the memory limit of {} (--max-memory)",
                      header_.n_a, header_.n_b, header_.d, format_bytes(bytes_a),
                      format_bytes(bytes_b), format_bytes(lim.max_bytes)));
    have_header_ = true;
    // Room for no more vectors than the rest of the text can hold ("a " + d bits).
    const std::uint64_t rest = text_size_ - std::min<std::uint64_t>(text_size_, offset_);
    a_.reserve(
        static_cast<std::size_t>(reserve_bound(header_.n_a, rest, header_.d + 2) * header_.d));
    b_.reserve(
        static_cast<std::size_t>(reserve_bound(header_.n_b, rest, header_.d + 2) * header_.d));
  }

  void parse_vector(std::string_view body, std::size_t indent) {
    if (!have_header_)
      fail(indent + 1,
           "expected the header 'p ov <nA> <nB> <d>' (or 'p gap-hamming ...') before any vector "
           "line");
    const char side = body.front();
    if (body.size() < 2 || body[1] != ' ')
      fail(indent + 2,
           fmt::format("expected '{} ' followed by {} characters from {{0,1}}", side, header_.d));
    std::string_view bits = body.substr(2);
    while (!bits.empty() && (bits.back() == ' ' || bits.back() == '\t')) bits.remove_suffix(1);
    if (bits.size() != header_.d)
      fail(indent + 3, fmt::format("expected {} characters from {{0,1}} after '{} ', found {}",
                                   header_.d, side, bits.size()));
    auto& rows = side == 'a' ? a_ : b_;
    auto& count = side == 'a' ? count_a_ : count_b_;
    const std::uint64_t declared = side == 'a' ? header_.n_a : header_.n_b;
    if (count >= declared) {
      if (options_.strict)
        fail(indent + 1,
             fmt::format("more '{}' lines than the {} the header declares", side, declared));
      if (count >= options_.limits.max_ov_vectors)
        fail(indent + 1,
             fmt::format("more than {} vectors, the limit {}", options_.limits.max_ov_vectors,
                         budget_reason(options_.limits)));
    }
    for (std::size_t k = 0; k < bits.size(); ++k) {
      if (bits[k] != '0' && bits[k] != '1')
        fail(indent + 3 + k,
             fmt::format("expected '0' or '1', found '{}'", shown(bits.substr(k, 1))));
      rows.push_back(static_cast<std::uint8_t>(bits[k] - '0'));
    }
    ++count;
  }

  OvFile finish() {
    if (!have_header_) {
      line_ = 0;
      fail(0, "expected a header 'p ov <nA> <nB> <d>', found none");
    }
    OvFile out;
    for (const auto& [count, declared, side] :
         {std::tuple{count_a_, header_.n_a, 'a'}, std::tuple{count_b_, header_.n_b, 'b'}}) {
      if (count == declared) continue;
      if (options_.strict) {
        line_ = 0;
        fail(0, fmt::format("header declares {} '{}' vectors, the file has {}", declared, side,
                            count));
      }
      out.warnings.push_back(
          fmt::format("{}: warning: header declares {} '{}' vectors, the file has {}; using {}",
                      name_, declared, side, count, count));
    }
    OvInstance ov(count_a_, count_b_, header_.d);
    for (std::size_t i = 0; i < count_a_; ++i)
      std::copy(a_.begin() + i * header_.d, a_.begin() + (i + 1) * header_.d, ov.a(i).begin());
    for (std::size_t j = 0; j < count_b_; ++j)
      std::copy(b_.begin() + j * header_.d, b_.begin() + (j + 1) * header_.d, ov.b(j).begin());
    for (std::size_t p = 0; p < planted_.size(); ++p) {
      const auto [i, j] = planted_[p];
      if (i >= count_a_ || j >= count_b_) {
        line_ = planted_lines_[p];
        fail(0, fmt::format("'c planted {} {}' names a vector beyond the {} a and {} b vectors", i,
                            j, count_a_, count_b_));
      }
    }
    for (std::size_t p = 0; p < labels_.size(); ++p)
      if (labels_[p].first >= count_a_) {
        line_ = label_lines_[p];
        fail(0, fmt::format("'c label {}' names a vector beyond the {} a vectors", labels_[p].first,
                            count_a_));
      }
    ov.planted = planted_;
    ov.known_answer = answer_;
    out.instance = std::move(ov);
    out.gap = gap_;
    out.labels = labels_;
    return out;
  }

  const std::string& name_;
  const OvReadOptions& options_;
  OvHeader header_;
  bool have_header_ = false;
  std::vector<std::uint8_t> a_, b_;
  std::size_t count_a_ = 0, count_b_ = 0;
  std::vector<std::pair<std::size_t, std::size_t>> planted_;
  std::vector<std::size_t> planted_lines_;
  std::optional<bool> answer_;
  std::optional<GapPromise> gap_;
  std::vector<std::pair<std::size_t, bool>> labels_;
  std::vector<std::size_t> label_lines_;
  std::size_t line_ = 0;
  std::uint64_t text_size_ = 0, offset_ = 0;
};

}  // namespace

OvFile parse_ov(const std::string& text, const std::string& name, const OvReadOptions& options) {
  return OvParser(name, options).parse(text);
}

OvFile read_ov(const std::string& path, const OvReadOptions& options) {
  return parse_ov(read_text_file(path), path == "-" ? "<stdin>" : path, options);
}

std::string format_ov(const OvInstance& ov, const Provenance& provenance) {
  std::string out;
  for (const auto& line : provenance.lines()) out += "c " + line + "\n";
  for (const auto& [i, j] : ov.planted) out += fmt::format("c planted {} {}\n", i, j);
  if (ov.known_answer) out += fmt::format("c answer {}\n", *ov.known_answer ? "yes" : "no");
  out += fmt::format("p ov {} {} {}\n", ov.n_a(), ov.n_b(), ov.d());
  const auto append = [&out](char tag, std::span<const std::uint8_t> v) {
    out += tag;
    out += ' ';
    for (auto bit : v) out += static_cast<char>('0' + bit);
    out += '\n';
  };
  for (std::size_t i = 0; i < ov.n_a(); ++i) append('a', ov.a(i));
  for (std::size_t j = 0; j < ov.n_b(); ++j) append('b', ov.b(j));
  return out;
}

void write_ov(const std::string& path, const OvInstance& ov, const Provenance& provenance) {
  write_file_atomic(path, format_ov(ov, provenance));
}

}  // namespace sethkit
