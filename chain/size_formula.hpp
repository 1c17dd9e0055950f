// Size overheads as formulas: each edge of the reduction graph declares the
// parameters of its target as expressions in those of its source
// (reductions/edge_record.hpp). Composing a path substitutes each step's expressions into the next,
// so `sethkit path` shows, say, the attention sizes as functions of the CNF's v and m; evaluating
// (muparser) turns a formula into a number, which the tests compare with the sizes a chain actually
// builds.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "reductions/edge_record.hpp"

namespace sethkit {

// `expr` with every parameter named in `values` replaced by its expression
// (parenthesised where an operator beside it binds at least as strongly);
// function names stay.
std::string substitute(const std::string& expr, const std::map<std::string, std::string>& values);

// The formulas of the last step in the parameters of the first step's source:
// each step's formulas substituted into the next, helpers dropped.
SizeFormulas compose(const std::vector<const SizeFormulas*>& steps);

// "n_q = N_a + 1, ..., E <= ..." (helpers included).
std::string to_string(const SizeFormulas& formulas);

// Evaluates the formulas in order, each seeing `inputs` and the values before
// it; ContractError naming the formula when muparser rejects it.
std::map<std::string, double> evaluate(const SizeFormulas& formulas,
                                       const std::map<std::string, double>& inputs);

}  // namespace sethkit
