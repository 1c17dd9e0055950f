#include "instances/formula_families.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <sstream>

#include "core/error.hpp"
#include "core/rng.hpp"

namespace sethkit {

namespace {
constexpr std::uint64_t kMaxLeaves = std::uint64_t{1} << 24;

enum class Op : char {
  kLeaf = 'x',
  kNot = '!',
  kAnd = '&',
  kOr = '|',
  kAdd = '+',
  kSub = '-',
  kMul = '*',
  kDiv = '/'
};

struct Node {
  Op op = Op::kLeaf;
  std::uint64_t value = 0;
  std::int64_t left = -1, right = -1;  // NOT uses left only
};

int ceil_log2(std::uint64_t n) {
  return n <= 1 ? 0 : static_cast<int>(std::bit_width(n - 1));
}

bool is_prime(std::uint64_t p) {
  if (p < 2) return false;
  for (std::uint64_t d = 2; d * d <= p; ++d)
    if (p % d == 0) return false;
  return true;
}

std::uint64_t pow_mod(std::uint64_t b, std::uint64_t e, std::uint64_t p) {
  std::uint64_t r = 1;
  b %= p;
  for (; e; e >>= 1, b = b * b % p)
    if (e & 1) r = r * b % p;
  return r;
}

std::uint64_t apply(Op op, std::uint64_t a, std::uint64_t b, std::uint64_t p) {
  switch (op) {
    case Op::kAnd:
      return a & b;
    case Op::kOr:
      return a | b;
    case Op::kAdd:
      return (a + b) % p;
    case Op::kSub:
      return (a + p - b) % p;
    case Op::kMul:
      return a * b % p;
    case Op::kDiv:
      return a * pow_mod(b, p - 2, p) % p;
    default:
      return 0;
  }
}

// The operand pair (a, b), uniform among those with a op b = v.
std::pair<std::uint64_t, std::uint64_t> operands(Op op, std::uint64_t v, std::uint64_t p,
                                                 Rng& rng) {
  switch (op) {
    case Op::kAnd: {
      if (v == 1) return {1, 1};
      static const std::pair<std::uint64_t, std::uint64_t> zero[] = {{0, 0}, {0, 1}, {1, 0}};
      return zero[rng.uniform_int(3)];
    }
    case Op::kOr: {
      if (v == 0) return {0, 0};
      static const std::pair<std::uint64_t, std::uint64_t> one[] = {{0, 1}, {1, 0}, {1, 1}};
      return one[rng.uniform_int(3)];
    }
    case Op::kAdd: {
      const std::uint64_t a = rng.uniform_int(p);
      return {a, (v + p - a) % p};
    }
    case Op::kSub: {
      const std::uint64_t a = rng.uniform_int(p);
      return {a, (a + p - v) % p};
    }
    case Op::kDiv: {
      const std::uint64_t b = 1 + rng.uniform_int(p - 1);
      return {v * b % p, b};
    }
    case Op::kMul: {
      if (v != 0) {
        const std::uint64_t a = 1 + rng.uniform_int(p - 1);
        return {a, v * pow_mod(a, p - 2, p) % p};
      }
      const std::uint64_t r = rng.uniform_int(2 * p - 1);
      return r < p ? std::pair{std::uint64_t{0}, r} : std::pair{r - p + 1, std::uint64_t{0}};
    }
    default:
      return {0, 0};
  }
}

Op parse_op(const std::string& token, FormulaKind kind) {
  if (token.size() == 1) {
    const char c = token[0];
    if (kind == FormulaKind::kBoolean && (c == '&' || c == '|' || c == '!')) return Op(c);
    if (kind == FormulaKind::kArithmetic && (c == '+' || c == '-' || c == '*' || c == '/'))
      return Op(c);
  }
  return Op::kLeaf;
}

// A leaf token's value, or nullopt.
std::optional<std::uint64_t> parse_value(const std::string& token, FormulaKind kind,
                                         std::uint64_t p) {
  if (token.empty() || token.size() > 6 ||
      !std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  const std::uint64_t v = std::stoull(token);
  if (v >= (kind == FormulaKind::kBoolean ? 2 : p)) return std::nullopt;
  return v;
}

std::vector<std::string> tokens_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string t; in >> t;) out.push_back(t);
  return out;
}

std::uint64_t checked_apply(Op op, std::uint64_t a, std::uint64_t b, std::uint64_t p,
                            const std::string& source, std::size_t at) {
  if (op == Op::kDiv && b == 0)
    throw InputError(source, fmt::format("token {}: division by zero", at + 1));
  return apply(op, a, b, p);
}
}  // namespace

const char* to_string(FormulaKind kind) {
  return kind == FormulaKind::kBoolean ? "boolean" : "arithmetic";
}
const char* to_string(FormulaShape shape) {
  switch (shape) {
    case FormulaShape::kBalanced:
      return "balanced";
    case FormulaShape::kRandom:
      return "random";
    case FormulaShape::kCaterpillar:
      return "caterpillar";
  }
  return "balanced";
}

FormulaSize formula_size(const FormulaParams& p) {
  if (p.kind == FormulaKind::kArithmetic) {
    require(p.p >= 2 && p.p < (1u << 16) && is_prime(p.p),
            fmt::format("formula: the modulus must be a prime below 65536, found {}", p.p));
    require(!p.ops.empty() && std::all_of(p.ops.begin(), p.ops.end(),
                                          [](char c) {
                                            return std::string("+-*/").find(c) != std::string::npos;
                                          }),
            fmt::format("formula: the operators must come from \"+-*/\", found \"{}\"", p.ops));
  } else {
    require(p.p_not >= 0 && p.p_not <= 1, "formula: p_not must lie in [0, 1]");
  }
  require(p.leaves || p.depth, "formula: give the number of leaves, the depth, or both");
  require(!p.leaves || (*p.leaves >= 1 && *p.leaves <= kMaxLeaves),
          fmt::format("formula: the number of leaves must lie in [1, {}]", kMaxLeaves));
  require(!p.depth || (*p.depth >= 0 && *p.depth <= 1 << 24),
          "formula: the depth must lie in [0, 2^24]");
  FormulaSize s;
  switch (p.shape) {
    case FormulaShape::kBalanced: {
      if (p.depth)
        require(*p.depth <= 24, fmt::format("formula: a balanced formula of depth {} has 2^{} "
                                            "leaves, above the limit of 2^24",
                                            *p.depth, *p.depth));
      s.leaves = p.leaves ? *p.leaves : std::uint64_t{1} << *p.depth;
      s.depth = ceil_log2(s.leaves);
      if (p.depth)
        require(s.depth == *p.depth,
                fmt::format("formula: a balanced formula with {} leaves has depth {}, not {} "
                            "(depth vs size)",
                            s.leaves, s.depth, *p.depth));
      return s;
    }
    case FormulaShape::kCaterpillar: {
      s.leaves = p.leaves ? *p.leaves : static_cast<std::uint64_t>(*p.depth) + 1;
      require(s.leaves <= kMaxLeaves, "formula: too many leaves");
      s.depth = static_cast<int>(s.leaves - 1);
      if (p.depth)
        require(s.depth == *p.depth,
                fmt::format("formula: a caterpillar with {} leaves has depth {}, not {} (depth vs "
                            "size)",
                            s.leaves, s.depth, *p.depth));
      return s;
    }
    case FormulaShape::kRandom: {
      require(p.leaves.has_value(), "formula: a random shape needs the number of leaves");
      s.leaves = *p.leaves;
      s.depth = p.depth ? *p.depth : -1;
      if (p.depth)
        require(
            ceil_log2(s.leaves) <= *p.depth && static_cast<std::uint64_t>(*p.depth) <= s.leaves - 1,
            fmt::format("formula: {} leaves allow depths {} to {}, not {} (depth vs size)",
                        s.leaves, ceil_log2(s.leaves), s.leaves - 1, *p.depth));
      return s;
    }
  }
  return s;
}

Formula generate_formula(const FormulaParams& params, std::uint64_t target, Rng& rng) {
  const FormulaSize size = formula_size(params);
  const bool boolean = params.kind == FormulaKind::kBoolean;
  const std::uint64_t p = params.p;
  require(target < (boolean ? 2 : p), "formula: the target value is out of range");

  std::vector<Node> nodes;
  nodes.reserve(static_cast<std::size_t>(size.leaves) * 3);
  struct Work {
    std::int64_t node;
    std::uint64_t leaves;
    int depth;  // exact binary depth required, or -1
    bool allow_not;
  };
  nodes.push_back({Op::kLeaf, target, -1, -1});
  std::vector<Work> stack = {{0, size.leaves, size.depth, true}};
  while (!stack.empty()) {
    const Work w = stack.back();
    stack.pop_back();
    const auto at = static_cast<std::size_t>(w.node);
    const std::uint64_t v = nodes[at].value;
    if (boolean && w.allow_not && rng.uniform01() < params.p_not) {
      nodes[at].op = Op::kNot;
      nodes[at].left = static_cast<std::int64_t>(nodes.size());
      nodes.push_back({Op::kLeaf, 1 - v, -1, -1});
      stack.push_back({nodes[at].left, w.leaves, w.depth, false});
      continue;
    }
    if (w.leaves == 1) {
      nodes[at].op = Op::kLeaf;
      continue;
    }
    // The split of the leaves and each side's exact depth (-1: free).
    std::uint64_t a = 0;
    int da = -1, db = -1;
    const std::uint64_t n = w.leaves;
    switch (params.shape) {
      case FormulaShape::kBalanced:
        a = (n + 1) / 2;
        break;
      case FormulaShape::kCaterpillar:
        a = n - 1;
        break;
      case FormulaShape::kRandom:
        if (w.depth < 0) {
          a = 1 + rng.uniform_int(n - 1);
        } else {
          const int h = w.depth;
          const auto exact_ok = [&](std::uint64_t l) {
            return ceil_log2(l) <= h - 1 && static_cast<std::uint64_t>(h - 1) <= l - 1;
          };
          a = std::max<std::uint64_t>(static_cast<std::uint64_t>(h), (n + 1) / 2);  // always valid
          for (int tries = 0; tries < 64; ++tries) {
            const std::uint64_t c = 1 + rng.uniform_int(n - 1);
            if (exact_ok(c) && ceil_log2(n - c) <= h - 1) {
              a = c;
              break;
            }
          }
          da = h - 1;
          const int lo = ceil_log2(n - a);
          const int hi = static_cast<int>(
              std::min<std::uint64_t>(static_cast<std::uint64_t>(h - 1), n - a - 1));
          db = lo + static_cast<int>(rng.uniform_int(static_cast<std::uint64_t>(hi - lo + 1)));
        }
        break;
    }
    std::uint64_t b = n - a;
    if (rng.uniform_int(2) == 1) {  // either side may hold the larger or deeper part
      std::swap(a, b);
      std::swap(da, db);
    }
    Op op;
    if (boolean) {
      op = rng.uniform_int(2) == 0 ? Op::kAnd : Op::kOr;
    } else {
      op = Op(params.ops[rng.uniform_int(params.ops.size())]);
    }
    const auto [va, vb] = operands(op, v, p, rng);
    nodes[at].op = op;
    nodes[at].left = static_cast<std::int64_t>(nodes.size());
    nodes.push_back({Op::kLeaf, va, -1, -1});
    nodes[at].right = static_cast<std::int64_t>(nodes.size());
    nodes.push_back({Op::kLeaf, vb, -1, -1});
    stack.push_back({nodes[at].right, b, db, true});
    stack.push_back({nodes[at].left, a, da, true});
  }

  // Render by one Euler tour each, without recursion: every token is written
  // once, so a caterpillar of N leaves costs O(N), not O(N^2).
  Formula f;
  f.value = target;
  struct Frame {
    std::size_t node;
    int stage;  // 0: enter, 1: between the operands, 2: leave
  };
  std::vector<Frame> frames = {{0, 0}};
  std::string& in = f.infix;
  while (!frames.empty()) {
    const Frame fr = frames.back();
    const Node& nd = nodes[fr.node];
    if (nd.op == Op::kLeaf) {
      in += std::to_string(nd.value);
      in += ' ';
      ++f.leaves;
      frames.pop_back();
    } else if (fr.stage == 0) {
      frames.back().stage = 1;
      in += nd.op == Op::kNot ? "( ! " : "( ";
      frames.push_back({static_cast<std::size_t>(nd.left), 0});
    } else if (fr.stage == 1 && nd.op != Op::kNot) {
      frames.back().stage = 2;
      in += static_cast<char>(nd.op);
      in += ' ';
      frames.push_back({static_cast<std::size_t>(nd.right), 0});
    } else {
      in += ") ";
      ++f.operators;
      frames.pop_back();
    }
  }
  in.pop_back();
  // Post-order: postfix tokens and the depths.
  std::vector<int> depth(nodes.size(), 0), bdepth(nodes.size(), 0);
  frames = {{0, 0}};
  std::string& post = f.postfix;
  while (!frames.empty()) {
    const Frame fr = frames.back();
    const Node& nd = nodes[fr.node];
    if (fr.stage == 0 && nd.op != Op::kLeaf) {
      frames.back().stage = 1;
      if (nd.right >= 0) frames.push_back({static_cast<std::size_t>(nd.right), 0});
      frames.push_back({static_cast<std::size_t>(nd.left), 0});
      continue;
    }
    frames.pop_back();
    const auto l = static_cast<std::size_t>(nd.left), r = static_cast<std::size_t>(nd.right);
    if (nd.op == Op::kLeaf) {
      post += std::to_string(nd.value);
    } else if (nd.op == Op::kNot) {
      post += '!';
      depth[fr.node] = depth[l] + 1;
      bdepth[fr.node] = bdepth[l];
    } else {
      post += static_cast<char>(nd.op);
      depth[fr.node] = std::max(depth[l], depth[r]) + 1;
      bdepth[fr.node] = std::max(bdepth[l], bdepth[r]) + 1;
    }
    post += ' ';
  }
  post.pop_back();
  f.depth = depth[0];
  f.binary_depth = bdepth[0];
  return f;
}

std::uint64_t evaluate_postfix(const std::string& text, FormulaKind kind, std::uint64_t p,
                               const std::string& source) {
  const auto tokens = tokens_of(text);
  std::vector<std::uint64_t> stack;
  for (std::size_t t = 0; t < tokens.size(); ++t) {
    if (const auto v = parse_value(tokens[t], kind, p)) {
      stack.push_back(*v);
      continue;
    }
    const Op op = parse_op(tokens[t], kind);
    if (op == Op::kLeaf)
      throw InputError(source, fmt::format("token {}: expected a value or an operator, found "
                                           "\"{}\"",
                                           t + 1, tokens[t]));
    const std::size_t need = op == Op::kNot ? 1 : 2;
    if (stack.size() < need)
      throw InputError(source, fmt::format("token {}: \"{}\" needs {} operand(s) on the stack",
                                           t + 1, tokens[t], need));
    if (op == Op::kNot) {
      stack.back() = 1 - stack.back();
      continue;
    }
    const std::uint64_t b = stack.back();
    stack.pop_back();
    stack.back() = checked_apply(op, stack.back(), b, p, source, t);
  }
  if (stack.size() != 1)
    throw InputError(source, fmt::format("expected one value at the end, found {}", stack.size()));
  return stack.back();
}

std::uint64_t evaluate_infix(const std::string& text, FormulaKind kind, std::uint64_t p,
                             const std::string& source) {
  // Fully parenthesised: "( a op b )" and "( ! a )"; reduced on each ")".
  struct Item {
    enum { kOpen, kValue, kOp } type;
    std::uint64_t value = 0;
    Op op = Op::kLeaf;
  };
  const auto tokens = tokens_of(text);
  std::vector<Item> stack;
  for (std::size_t t = 0; t < tokens.size(); ++t) {
    const std::string& tok = tokens[t];
    if (tok == "(") {
      stack.push_back({Item::kOpen});
    } else if (const auto v = parse_value(tok, kind, p)) {
      stack.push_back({Item::kValue, *v});
    } else if (const Op op = parse_op(tok, kind); op != Op::kLeaf) {
      stack.push_back({Item::kOp, 0, op});
    } else if (tok == ")") {
      const auto bad = [&] {
        return InputError(source, fmt::format("token {}: \")\" does not close \"( a op b )\" or "
                                              "\"( ! a )\"",
                                              t + 1));
      };
      const std::size_t s = stack.size();
      if (s >= 3 && stack[s - 3].type == Item::kOpen && stack[s - 2].type == Item::kOp &&
          stack[s - 2].op == Op::kNot && stack[s - 1].type == Item::kValue) {
        const std::uint64_t v = 1 - stack[s - 1].value;
        stack.resize(s - 3);
        stack.push_back({Item::kValue, v});
      } else if (s >= 4 && stack[s - 4].type == Item::kOpen && stack[s - 3].type == Item::kValue &&
                 stack[s - 2].type == Item::kOp && stack[s - 2].op != Op::kNot &&
                 stack[s - 1].type == Item::kValue) {
        const std::uint64_t v =
            checked_apply(stack[s - 2].op, stack[s - 3].value, stack[s - 1].value, p, source, t);
        stack.resize(s - 4);
        stack.push_back({Item::kValue, v});
      } else {
        throw bad();
      }
    } else {
      throw InputError(source, fmt::format("token {}: expected a value, an operator or a "
                                           "parenthesis, found \"{}\"",
                                           t + 1, tok));
    }
  }
  if (stack.size() != 1 || stack[0].type != Item::kValue)
    throw InputError(source, "expected one complete fully parenthesised formula");
  return stack[0].value;
}

}  // namespace sethkit
