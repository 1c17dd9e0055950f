#include "core/dimacs.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

#include "core/error.hpp"
#include "core/file_io.hpp"
#include "core/text_lines.hpp"

namespace sethkit {

namespace {

class DimacsParser {
 public:
  DimacsParser(const std::string& name, const DimacsOptions& options)
      : name_(name), options_(options) {}

  DimacsFile parse(const std::string& text) {
    text_end_ = text.data() + text.size();
    LineScanner lines(text);
    while (auto line = lines.next()) {
      line_ = lines.line_number();
      const std::string_view body = trim_left(*line);
      if (body.empty() || body.front() == 'c') continue;
      if (body.front() == '%') {
        if (options_.strict)
          fail(1 + (body.data() - line->data()),
               "found a '%' line (the SATLIB end marker); strict mode expects only clauses "
               "after the header");
        warn("'%' line (SATLIB end marker): the rest of the file is ignored");
        break;
      }
      if (body.front() == 'p') {
        parse_header(*line);
        continue;
      }
      for (const Token& token : tokenize(*line)) parse_literal(token);
    }
    finish();
    return std::move(out_);
  }

 private:
  [[noreturn]] void fail(std::size_t column, const std::string& message) const {
    throw InputError(name_, line_, column, message);
  }
  void warn(const std::string& message) {
    out_.warnings.push_back(fmt::format("{}:{}: warning: {}", name_, line_, message));
  }

  void parse_header(std::string_view line) {
    const auto tokens = tokenize(line);
    if (have_header_) fail(tokens[0].column, "found a second 'p' header; expected exactly one");
    if (tokens.size() != 4 || tokens[0].text != "p" || tokens[1].text != "cnf")
      fail(tokens[0].column,
           fmt::format("expected header 'p cnf <vars> <clauses>', found '{}'", shown(line)));
    const auto vars = parse_int(tokens[2].text);
    const auto clauses = parse_int(tokens[3].text);
    if (!vars || *vars < 0)
      fail(tokens[2].column, fmt::format("expected a non-negative variable count, found '{}'",
                                         shown(tokens[2].text)));
    if (!clauses || *clauses < 0)
      fail(tokens[3].column,
           fmt::format("expected a non-negative clause count, found '{}'", shown(tokens[3].text)));
    if (static_cast<std::uint64_t>(*vars) > options_.limits.max_vars)
      fail(tokens[2].column,
           fmt::format("header declares {} variables, above the limit of {} {}", *vars,
                       options_.limits.max_vars, budget_reason(options_.limits)));
    if (static_cast<std::uint64_t>(*clauses) > options_.limits.max_clauses)
      fail(tokens[3].column,
           fmt::format("header declares {} clauses, above the limit of {} {}", *clauses,
                       options_.limits.max_clauses, budget_reason(options_.limits)));
    have_header_ = true;
    out_.declared_vars = static_cast<int>(*vars);
    out_.declared_clauses = static_cast<std::size_t>(*clauses);
    out_.cnf = Cnf(out_.declared_vars);
    // Room for no more clauses and literals than the rest of the text can
    // hold: a header may lie, and each clause ("0 ") and each literal ("1 ")
    // takes at least two characters.
    const std::uint64_t rest = static_cast<std::uint64_t>(text_end_ - (line.data() + line.size()));
    out_.cnf.reserve(
        static_cast<std::size_t>(reserve_bound(out_.declared_clauses, rest, 2)),
        static_cast<std::size_t>(reserve_bound(saturating_mul(out_.declared_clauses, 3), rest, 2)));
  }

  void parse_literal(const Token& token) {
    if (!have_header_)
      fail(token.column, fmt::format("expected the header 'p cnf <vars> <clauses>' before any "
                                     "clause, found '{}'",
                                     shown(token.text)));
    const auto value = parse_int(token.text);
    if (!value)
      fail(token.column, fmt::format("expected a literal (a non-zero integer) or 0, found '{}'",
                                     shown(token.text)));
    if (*value > INT32_MAX || *value < -INT32_MAX)
      fail(token.column, fmt::format("literal {} is outside the 32-bit range", *value));
    if (*value == 0) {
      end_clause();
      return;
    }
    const int lit = static_cast<int>(*value);
    const std::uint64_t var = static_cast<std::uint64_t>(std::abs(lit));
    if (var > static_cast<std::uint64_t>(out_.declared_vars)) {
      if (options_.strict)
        fail(token.column, fmt::format("literal {} uses variable {}, but the header declares {} "
                                       "variables",
                                       lit, var, out_.declared_vars));
      if (var > options_.limits.max_vars)
        fail(token.column, fmt::format("variable {} is above the limit of {} {}", var,
                                       options_.limits.max_vars, budget_reason(options_.limits)));
      if (!warned_var_)
        warn(
            fmt::format("literal {} exceeds the {} declared variables; using the largest "
                        "variable seen",
                        lit, out_.declared_vars));
      warned_var_ = true;
    }
    pending_.push_back(lit);
    pending_line_ = line_;
  }

  void end_clause() {
    if (out_.cnf.num_clauses() >= options_.limits.max_clauses)
      fail(0, fmt::format("more than {} clauses, the limit {}", options_.limits.max_clauses,
                          budget_reason(options_.limits)));
    out_.cnf.add_clause(pending_);
    pending_.clear();
  }

  void finish() {
    if (!have_header_) {
      line_ = 0;
      fail(0, "expected a header 'p cnf <vars> <clauses>', found none");
    }
    if (!pending_.empty()) {
      line_ = pending_line_;
      if (options_.strict) fail(0, "expected 0 to end the last clause, found end of file");
      warn("last clause is not terminated by 0; accepted");
      end_clause();
    }
    const std::size_t actual = out_.cnf.num_clauses();
    if (actual != out_.declared_clauses) {
      if (options_.strict) {
        line_ = 0;
        fail(0, fmt::format("header declares {} clauses, but the file has {}",
                            out_.declared_clauses, actual));
      }
      out_.warnings.push_back(
          fmt::format("{}: warning: header declares {} clauses, the file has {}; using {}", name_,
                      out_.declared_clauses, actual, actual));
    }
  }

  const std::string& name_;
  const DimacsOptions& options_;
  const char* text_end_ = nullptr;
  DimacsFile out_;
  std::vector<int> pending_;
  std::size_t line_ = 0;
  std::size_t pending_line_ = 0;
  bool have_header_ = false;
  bool warned_var_ = false;
};

}  // namespace

DimacsFile parse_dimacs(const std::string& text, const std::string& name,
                        const DimacsOptions& options) {
  return DimacsParser(name, options).parse(text);
}

DimacsFile read_dimacs(const std::string& path, const DimacsOptions& options) {
  return parse_dimacs(read_text_file(path), path == "-" ? "<stdin>" : path, options);
}

std::string format_dimacs(const Cnf& cnf, const Provenance& provenance) {
  std::string out;
  for (const auto& line : provenance.lines()) out += "c " + line + "\n";
  out += fmt::format("p cnf {} {}\n", cnf.num_vars(), cnf.num_clauses());
  for (std::size_t c = 0; c < cnf.num_clauses(); ++c) {
    for (int lit : cnf.clause(c)) out += fmt::format("{} ", lit);
    out += "0\n";
  }
  return out;
}

void write_dimacs(const std::string& path, const Cnf& cnf, const Provenance& provenance) {
  write_file_atomic(path, format_dimacs(cnf, provenance));
}

}  // namespace sethkit
