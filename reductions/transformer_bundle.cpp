#include "reductions/transformer_bundle.hpp"

#include <fmt/format.h>

#include <type_traits>

#include "core/error.hpp"

namespace sethkit {

using nlohmann::json;

json to_json(const CnfToThreeOvCertificate& c) {
  return {{"vars", c.vars},     {"clauses", c.clauses},
          {"vars_a", c.vars_a}, {"vars_b", c.vars_b},
          {"vars_c", c.vars_c}, {"N", c.n},
          {"K", c.k},           {"real_b", c.real_b},
          {"real_c", c.real_c}, {"d", c.d}};
}

json to_json(const TransformerCertificate& c) {
  return {{"N", c.n},
          {"D", c.d},
          {"K", c.k},
          {"layers", c.layers},
          {"heads", c.heads},
          {"tokens", c.tokens},
          {"width", c.width},
          {"head_width", c.head_width},
          {"index_bits", c.index_bits},
          {"beta", c.beta},
          {"B", c.entry_bound},
          {"scale", c.scale},
          {"yes_bound", c.yes_bound},
          {"no_bound", c.no_bound},
          {"threshold", c.threshold},
          {"tolerated_error", c.tolerance},
          {"tolerance_note", c.tolerance_note},
          {"columns",
           {{"one", c.col_one},
            {"dum", c.col_dum},
            {"acc", c.col_acc},
            {"bits", c.col_bits},
            {"bit_out", c.col_bit_out}}}};
}

TransformerCertificate transformer_certificate_from_json(const json& j, const std::string& file) {
  TransformerCertificate c;
  const auto get = [&](const json& object, const char* key, auto& into) {
    try {
      into = object.at(key).get<std::remove_reference_t<decltype(into)>>();
    } catch (const json::exception&) {
      throw InputError(file, fmt::format("3ov_to_transformer certificate: expected the numeric "
                                         "field \"{}\"",
                                         key));
    }
  };
  get(j, "N", c.n);
  get(j, "D", c.d);
  get(j, "K", c.k);
  get(j, "layers", c.layers);
  get(j, "heads", c.heads);
  get(j, "tokens", c.tokens);
  get(j, "width", c.width);
  get(j, "head_width", c.head_width);
  get(j, "index_bits", c.index_bits);
  get(j, "beta", c.beta);
  get(j, "B", c.entry_bound);
  get(j, "scale", c.scale);
  get(j, "yes_bound", c.yes_bound);
  get(j, "no_bound", c.no_bound);
  get(j, "threshold", c.threshold);
  get(j, "tolerated_error", c.tolerance);
  if (!j.contains("columns"))
    throw InputError(file, "3ov_to_transformer certificate: expected the field \"columns\"");
  const json& cols = j["columns"];
  get(cols, "one", c.col_one);
  get(cols, "dum", c.col_dum);
  get(cols, "acc", c.col_acc);
  get(cols, "bits", c.col_bits);
  get(cols, "bit_out", c.col_bit_out);
  if (c.n == 0 || c.tokens != static_cast<Eigen::Index>(c.n) + 1 || c.col_acc < 0 ||
      c.col_acc >= c.width)
    throw InputError(file,
                     "3ov_to_transformer certificate: inconsistent N, tokens, width or ACC "
                     "column");
  return c;
}

}  // namespace sethkit
