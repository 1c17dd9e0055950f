// `forward --decode` on a model directory of `gen formula-model`
// (docs/reductions/formula_transformer.md): the root's value read from X_L
// and compared with the stack evaluator's, which the certificate records.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "attention/transformer.hpp"

namespace sethkit::cli {

struct FormulaCertificate {
  bool boolean = true;
  std::uint64_t p = 2;
  int layers = 0;
  Eigen::Index max_tokens = 0, tokens = 0;
  int depth = 0;
  std::uint64_t value = 0;  // the stack evaluator's
};

// The "formula_transformer" object of certificate.json, checked against the
// input and the model; InputError naming `path` otherwise.
FormulaCertificate formula_certificate(const nlohmann::json& c, const std::string& path,
                                       const Matrix& x, const TransformerModel& model);

// Prints the decoded root, fills doc["decoded"], returns the exit code
// (0 when the root is the evaluator's value, 3 when unknown or different).
int decode_formula(const FormulaCertificate& c, const Matrix& out, nlohmann::json& doc);

}  // namespace sethkit::cli
