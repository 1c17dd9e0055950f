#include "cli/forward_formula.hpp"

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "reductions/formula_transformer.hpp"

namespace sethkit::cli {

namespace {
template <typename T>
T field(const nlohmann::json& c, const char* key, const std::string& path) {
  if (!c.contains(key) || !c[key].is_number_integer() || c[key].get<long long>() < 0)
    throw InputError(path, fmt::format("formula_transformer: expected a non-negative integer "
                                       "\"{}\"",
                                       key));
  return c[key].get<T>();
}

// The model that reads the root: read_root looks at the last row's V alone,
// so one layer serves whatever depth the certificate's model has.
FormulaTransformer root_reader(const FormulaCertificate& c) {
  return {c.boolean ? FormulaAlgebra::boolean_values() : FormulaAlgebra::modular(c.p), 1,
          c.max_tokens};
}
}  // namespace

FormulaCertificate formula_certificate(const nlohmann::json& c, const std::string& path,
                                       const Matrix& x, const TransformerModel& model) {
  FormulaCertificate f;
  if (!c.is_object() || !c.contains("kind") || !c["kind"].is_string() ||
      (c["kind"] != "boolean" && c["kind"] != "arithmetic"))
    throw InputError(path, "formula_transformer: expected \"kind\": \"boolean\" or \"arithmetic\"");
  f.boolean = c["kind"] == "boolean";
  f.p = field<std::uint64_t>(c, "p", path);
  f.layers = field<int>(c, "layers", path);
  f.max_tokens = field<Eigen::Index>(c, "max_tokens", path);
  f.tokens = field<Eigen::Index>(c, "tokens", path);
  f.depth = field<int>(c, "depth", path);
  f.value = field<std::uint64_t>(c, "value", path);
  if (f.boolean) f.p = 2;
  if (!f.boolean && (f.p < 2 || f.p >= 64))
    throw InputError(path, fmt::format("formula_transformer: the modulus {} is not below 64", f.p));
  Eigen::Index width = 0;
  try {
    width = root_reader(f).width();
  } catch (const ContractError& e) {  // a modulus that is not prime, too many tokens
    throw InputError(path, e.what());
  }
  if (f.tokens != x.rows() || width != model.width || f.value >= f.p || f.layers < 1)
    throw InputError(path, fmt::format("formula_transformer: the certificate is for {} tokens of "
                                       "width {}, the input is {} x {}",
                                       f.tokens, width, x.rows(), model.width));
  return f;
}

int decode_formula(const FormulaCertificate& c, const Matrix& out, nlohmann::json& doc) {
  const auto root = root_reader(c).read_root(out);
  const bool agrees = root && *root == c.value;
  if (root)
    fmt::print("decoded: root value {} (the stack evaluator: {}{})\n", *root, c.value,
               agrees ? ", agrees" : ", DISAGREES");
  else
    fmt::print(
        "decoded: the root is unknown after {} layers (the formula's depth is {}; the "
        "stack evaluator: {})\n",
        c.layers, c.depth, c.value);
  doc["decoded"] = {{"root", root ? nlohmann::json(*root) : nlohmann::json(nullptr)},
                    {"evaluator", c.value},
                    {"depth", c.depth},
                    {"layers", c.layers},
                    {"agrees", agrees}};
  return agrees ? kExitOk : kExitDisagree;
}

}  // namespace sethkit::cli
