// Formula-evaluation instances for the circuit-complexity bound of Chen, Li,
// Liang, Long, Shi, Song, "Circuit Complexity Bounds for RoPE-based
// Transformer Architecture" (2024): unless TC0 = NC1, constant-depth RoPE
// transformers cannot evaluate Boolean formulas (BFVP, NC1-complete, Buss
// 1987) or arithmetic formulas (Buss, Cook, Gupta, Ramachandran 1992).
// Generators of docs/formulas.md (derived for sethkit): the tree's
// shape is drawn first (balanced: depth about log2 N, the NC1-hard regime;
// caterpillar: depth N - 1, sequential; random: a random split, optionally
// with an exact depth), then values top-down consistently with a target:
//   Boolean: NOT(1 - v) with probability p_not, else AND or OR with the
//     operand pair uniform among the pairs giving v;
//   arithmetic mod a prime p (sethkit's choice of semiring; the paper's is
//     unverified): for + - * / the operand pair uniform among the pairs
//     giving v (b != 0 for /).
// Encodings: fully parenthesised infix and postfix, tokens separated by
// single spaces; Boolean operators & | !, arithmetic + - * /.
// The evaluators read the strings (not the tree): the independent ground truth.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sethkit {

enum class FormulaKind { kBoolean, kArithmetic };
enum class FormulaShape { kBalanced, kRandom, kCaterpillar };

const char* to_string(FormulaKind kind);
const char* to_string(FormulaShape shape);

struct FormulaParams {
  FormulaKind kind = FormulaKind::kBoolean;
  FormulaShape shape = FormulaShape::kBalanced;
  std::optional<std::uint64_t> leaves;  // N: operand leaves
  std::optional<int> depth;             // binary-operator depth (NOT nodes not counted)
  std::uint64_t p = 11;                 // arithmetic: the prime modulus
  std::string ops = "+-*/";             // arithmetic: the operators to draw from
  double p_not = 0.2;                   // Boolean: probability of a NOT above a node
};

// The leaves and binary depth the parameters determine; throws ContractError
// naming the conflict when they cannot be met (depth vs size), when p is not
// a prime below 2^16, or when the formula would exceed 2^24 leaves.
struct FormulaSize {
  std::uint64_t leaves = 0;
  int depth = 0;  // -1: random shape without a depth requirement
};
FormulaSize formula_size(const FormulaParams& params);

struct Formula {
  std::string infix, postfix;
  std::uint64_t value = 0;  // 0/1, or in Z_p
  std::uint64_t leaves = 0;
  int binary_depth = 0;  // binary-operator levels
  int depth = 0;         // levels including NOT
  std::uint64_t operators = 0;
};

class Rng;

// One formula with value `target` (Boolean: 0 or 1; arithmetic: < p).
Formula generate_formula(const FormulaParams& params, std::uint64_t target, Rng& rng);

// Stack evaluation of the encodings; throws InputError(source, message naming
// the token) on a malformed string or a division by zero.
std::uint64_t evaluate_postfix(const std::string& text, FormulaKind kind, std::uint64_t p,
                               const std::string& source = "formula");
std::uint64_t evaluate_infix(const std::string& text, FormulaKind kind, std::uint64_t p,
                             const std::string& source = "formula");

}  // namespace sethkit
