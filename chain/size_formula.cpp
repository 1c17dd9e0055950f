#include "chain/size_formula.hpp"

#include <fmt/format.h>
#include <muParser.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstddef>

#include "core/error.hpp"
#include "reductions/reed_solomon_protocol.hpp"

namespace sethkit {

namespace {
bool is_name_start(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
}
bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

// Binding strength of an operator character; kNone for anything else.
constexpr int kNone = 9;
int precedence(char c) {
  switch (c) {
    case '?':
    case ':':
      return 0;
    case '<':
    case '>':
      return 1;
    case '+':
    case '-':
      return 2;
    case '*':
    case '/':
      return 3;
    case '^':
      return 4;
    default:
      return kNone;
  }
}

// The weakest operator outside parentheses (kNone for a name, number or call).
int weakest_operator(const std::string& e) {
  int depth = 0, weakest = kNone;
  for (std::size_t i = 0; i < e.size(); ++i) {
    depth += e[i] == '(' ? 1 : e[i] == ')' ? -1 : 0;
    if (depth == 0 && i > 0) weakest = std::min(weakest, precedence(e[i]));
  }
  return weakest;
}

// The operator next to position `i` in direction `step` (skipping spaces); kNone at a
// parenthesis, a comma or either end.
int neighbour(const std::string& e, std::ptrdiff_t i, int step) {
  for (; i >= 0 && i < static_cast<std::ptrdiff_t>(e.size()); i += step)
    if (e[static_cast<std::size_t>(i)] != ' ') return precedence(e[static_cast<std::size_t>(i)]);
  return kNone;
}

double ceil_fn(double x) {
  return std::ceil(x);
}
double floor_fn(double x) {
  return std::floor(x);
}
// The least prime above x (the distributed PCP's field size).
double next_prime_fn(double x) {
  return static_cast<double>(
      next_prime_above(static_cast<std::uint64_t>(std::floor(std::clamp(x, 0.0, 1e15)))));
}
// The distributed PCP's default grid rows for m coordinates.
double pcp_rows_fn(double m) {
  return static_cast<double>(
      default_grid_rows(static_cast<std::size_t>(std::floor(std::clamp(m, 1.0, 1e6)))));
}
}  // namespace

std::string substitute(const std::string& expr, const std::map<std::string, std::string>& values) {
  std::string out;
  for (std::size_t i = 0; i < expr.size();) {
    if (!is_name_start(expr[i]) || (i > 0 && is_name_char(expr[i - 1]))) {
      out += expr[i++];
      continue;
    }
    std::size_t j = i;
    while (j < expr.size() && is_name_char(expr[j])) ++j;
    const std::string name = expr.substr(i, j - i);
    const auto it = values.find(name);
    const bool call = j < expr.size() && expr[j] == '(';
    if (it == values.end() || call) {
      out += name;
    } else {
      // Parenthesised when an operator beside it binds at least as strongly as its own.
      const int own = weakest_operator(it->second);
      const int left = neighbour(expr, static_cast<std::ptrdiff_t>(i) - 1, -1);
      const int right = neighbour(expr, static_cast<std::ptrdiff_t>(j), 1);
      const bool wrap =
          own != kNone && ((left != kNone && left >= own) || (right != kNone && right >= own));
      out += wrap ? "(" + it->second + ")" : it->second;
    }
    i = j;
  }
  return out;
}

SizeFormulas compose(const std::vector<const SizeFormulas*>& steps) {
  std::map<std::string, std::string> current;  // the last target's parameters, in source terms
  SizeFormulas last;
  for (const SizeFormulas* step : steps) {
    std::map<std::string, std::string> local = current, next;
    last.clear();
    for (const SizeFormula& f : *step) {
      SizeFormula g = f;
      g.expr = substitute(f.expr, local);
      local[f.param] = g.expr;
      if (f.helper) continue;
      next[f.param] = g.expr;
      last.push_back(g);
    }
    current = std::move(next);
  }
  return last;
}

std::string to_string(const SizeFormulas& formulas) {
  std::string out;
  for (const SizeFormula& f : formulas)
    out += fmt::format("{}{} {} {}", out.empty() ? "" : ", ", f.param, f.upper_bound ? "<=" : "=",
                       f.expr);
  return out;
}

std::map<std::string, double> evaluate(const SizeFormulas& formulas,
                                       const std::map<std::string, double>& inputs) {
  std::map<std::string, double> values = inputs;
  for (const SizeFormula& f : formulas) {
    try {
      mu::Parser parser;
      parser.DefineFun("ceil", ceil_fn);
      parser.DefineFun("floor", floor_fn);
      parser.DefineFun("next_prime", next_prime_fn);
      parser.DefineFun("pcp_rows", pcp_rows_fn);
      std::map<std::string, double> vars = values;  // muparser keeps pointers to these
      for (auto& [name, value] : vars) parser.DefineVar(name, &value);
      parser.SetExpr(f.expr);
      values[f.param] = parser.Eval();
    } catch (const mu::Parser::exception_type& e) {
      throw ContractError(fmt::format("size formula {} = {}: {}", f.param, f.expr, e.GetMsg()));
    }
  }
  return values;
}

}  // namespace sethkit
