#include "attention/transformer_io.hpp"

#include <fmt/format.h>

#include <cmath>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/file_io.hpp"
#include "core/json_report.hpp"
#include "core/npy.hpp"

namespace sethkit {

using nlohmann::json;

namespace {
std::string head_file(std::size_t l, std::size_t h, const char* what) {
  return fmt::format("layer{}_head{}_{}.npy", l, h, what);
}
std::string layer_file(std::size_t l, const char* what) {
  return fmt::format("layer{}_{}.npy", l, what);
}

// Reads model.json's entries and the files they name, keeping a running total
// of the weights' size against the limit.
class ModelReader {
 public:
  ModelReader(std::string dir, const Limits& limits)
      : dir_(std::move(dir)),
        json_path_((std::filesystem::path(dir_) / "model.json").string()),
        limits_(limits) {}

  const std::string& json_path() const { return json_path_; }

  [[noreturn]] void fail(const std::string& message) const {
    throw InputError(json_path_, message);
  }

  const json& member(const json& object, const char* key, const std::string& where) const {
    if (!object.is_object() || !object.contains(key))
      fail(fmt::format("{}: expected the key \"{}\"", where, key));
    return object.at(key);
  }

  std::string text(const json& object, const char* key, const std::string& where) const {
    const json& v = member(object, key, where);
    if (!v.is_string()) fail(fmt::format("{}: \"{}\" must be a string", where, key));
    return v.get<std::string>();
  }

  Matrix matrix(const json& object, const char* key, const std::string& where,
                bool vector = false) {
    const std::string name = text(object, key, where);
    const std::filesystem::path rel(name);
    if (name.empty() || rel.is_absolute() || rel.has_parent_path() || name == "." || name == "..")
      fail(fmt::format("{}: \"{}\" must be a plain file name in the model directory, found \"{}\"",
                       where, key, name));
    const std::string path = (std::filesystem::path(dir_) / rel).string();
    // A file named by many layers is read once; each layer still holds its
    // own copy, counted against the limit.
    auto cached = files_.find(name);
    if (cached == files_.end()) {
      const NpyArray array = read_npy(path, limits_);
      const bool one_or_two = array.shape.size() == 1 || array.shape.size() == 2;
      Matrix m = one_or_two ? npy_to_matrix(array, path) : Matrix();
      require_finite(m, path);
      cached = files_.emplace(name, LoadedFile{array.shape.size(), std::move(m)}).first;
    }
    const LoadedFile& file = cached->second;
    if (vector ? file.dimensions != 1 : file.dimensions != 2)
      throw InputError(path, fmt::format("expected a {}-D array for {} {}, found {} dimensions",
                                         vector ? 1 : 2, where, key, file.dimensions));
    total_bytes_ = saturating_add(
        total_bytes_,
        saturating_mul(static_cast<std::uint64_t>(file.values.size()), sizeof(double)));
    if (total_bytes_ > limits_.max_bytes)
      throw InputError(path,
                       fmt::format("the weights so far take {}, above the memory budget of "
                                   "{} (--max-memory)",
                                   format_bytes(total_bytes_), format_bytes(limits_.max_bytes)));
    return file.values;
  }

 private:
  struct LoadedFile {
    std::size_t dimensions = 0;
    Matrix values;
  };
  std::string dir_;
  std::string json_path_;
  Limits limits_;
  std::uint64_t total_bytes_ = 0;
  std::map<std::string, LoadedFile> files_;
};

template <typename Enum>
Enum parse_option(const ModelReader& reader, const json& doc, const char* key, Enum first,
                  Enum second, Enum fallback) {
  if (!doc.contains(key)) return fallback;
  const std::string value = reader.text(doc, key, "model");
  if (value == to_string(first)) return first;
  if (value == to_string(second)) return second;
  reader.fail(fmt::format("model: \"{}\" must be \"{}\" or \"{}\", found \"{}\"", key,
                          to_string(first), to_string(second), value));
}
}  // namespace

std::vector<std::pair<std::string, std::string>> transformer_files(const TransformerModel& model) {
  validate_transformer(model);
  std::vector<std::pair<std::string, std::string>> files;
  json layers = json::array();
  for (std::size_t l = 0; l < model.layers.size(); ++l) {
    const TransformerLayer& layer = model.layers[l];
    json heads = json::array();
    for (std::size_t h = 0; h < layer.heads.size(); ++h) {
      const TransformerHead& head = layer.heads[h];
      json entry;
      for (const auto& [key, w] :
           {std::pair{"wq", &head.wq}, std::pair{"wk", &head.wk}, std::pair{"wv", &head.wv}}) {
        entry[key] = head_file(l, h, key);
        files.emplace_back(entry[key], format_npy(*w, NpyDtype::kFloat64));
      }
      heads.push_back(entry);
    }
    json layer_json = {{"heads", heads}};
    if (model.aggregation == Aggregation::kConcat) {
      layer_json["wo"] = layer_file(l, "wo");
      files.emplace_back(layer_json["wo"], format_npy(layer.wo, NpyDtype::kFloat64));
    }
    if (layer.mlp) {
      json mlp;
      mlp["w1"] = layer_file(l, "mlp_w1");
      mlp["b1"] = layer_file(l, "mlp_b1");
      mlp["w2"] = layer_file(l, "mlp_w2");
      mlp["b2"] = layer_file(l, "mlp_b2");
      files.emplace_back(mlp["w1"], format_npy(layer.mlp->w1, NpyDtype::kFloat64));
      files.emplace_back(mlp["b1"], format_npy(layer.mlp->b1, NpyDtype::kFloat64, true));
      files.emplace_back(mlp["w2"], format_npy(layer.mlp->w2, NpyDtype::kFloat64));
      files.emplace_back(mlp["b2"], format_npy(layer.mlp->b2, NpyDtype::kFloat64, true));
      layer_json["mlp"] = mlp;
    }
    layers.push_back(layer_json);
  }
  const json doc = {{"format", kTransformerFormat},
                    {"version", kTransformerFormatVersion},
                    {"width", model.width},
                    {"aggregation", to_string(model.aggregation)},
                    {"mlp_mode", to_string(model.mlp_mode)},
                    {"attention", to_string(model.attention)},
                    {"scale", model.scale},
                    {"causal", model.causal},
                    {"layers", layers}};
  json full = doc;
  if (model.rope)
    full["rope"] = {{"base", model.rope->base}, {"layout", to_string(model.rope->layout)}};
  files.emplace_back("model.json", full.dump(2) + "\n");
  return files;
}

namespace {
TransformerModel read_checked(ModelReader& reader);
}  // namespace

TransformerModel read_transformer(const std::string& dir, const Limits& limits) {
  ModelReader reader(dir, limits);
  try {
    return read_checked(reader);
  } catch (const json::exception& e) {
    // A field of the wrong type not caught by name: still one line naming the file.
    reader.fail(fmt::format("a field is missing or of the wrong type ({})", json_error_text(e)));
  }
}

namespace {
TransformerModel read_checked(ModelReader& reader) {
  const std::string text = read_text_file(reader.json_path(), 64ULL << 20);
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::exception& e) {  // parse_error, or out_of_range for a number like 1e999
    reader.fail(fmt::format("not valid JSON ({})", json_error_text(e)));
  }
  if (!doc.is_object() || !doc.contains("format") || !doc["format"].is_string() ||
      doc["format"].get<std::string>() != kTransformerFormat)
    reader.fail(fmt::format("expected an object with \"format\": \"{}\"", kTransformerFormat));
  if (!doc.contains("version") || !doc["version"].is_number_integer() ||
      doc["version"].get<long long>() != kTransformerFormatVersion)
    reader.fail(fmt::format("expected \"version\": {} (an integer)", kTransformerFormatVersion));

  TransformerModel model;
  const json& width = reader.member(doc, "width", "model");
  if (!width.is_number_integer() || width.get<long long>() <= 0)
    reader.fail("model: \"width\" must be a positive integer");
  model.width = width.get<Eigen::Index>();
  model.aggregation = parse_option(reader, doc, "aggregation", Aggregation::kSum,
                                   Aggregation::kConcat, Aggregation::kSum);
  model.mlp_mode =
      parse_option(reader, doc, "mlp_mode", MlpMode::kResid, MlpMode::kPlain, MlpMode::kResid);
  model.attention = parse_option(reader, doc, "attention", AttentionKind::kSoftmax,
                                 AttentionKind::kHardmax, AttentionKind::kSoftmax);
  if (doc.contains("scale")) {
    if (!doc["scale"].is_number() || !std::isfinite(doc["scale"].get<double>()) ||
        !(doc["scale"].get<double>() > 0))
      reader.fail("model: \"scale\" must be a positive finite number");
    model.scale = doc["scale"].get<double>();
  }
  if (doc.contains("causal")) {
    if (!doc["causal"].is_boolean()) reader.fail("model: \"causal\" must be true or false");
    model.causal = doc["causal"].get<bool>();
  }
  if (doc.contains("rope")) {
    const json& r = doc["rope"];
    Rope rope;
    if (!r.is_object() || !r.contains("base") || !r["base"].is_number() ||
        !(r["base"].get<double>() > 1) || !std::isfinite(r["base"].get<double>()))
      reader.fail("model: \"rope\" must be an object with a numeric \"base\" above 1");
    rope.base = r["base"].get<double>();
    const std::string layout =
        r.contains("layout") ? reader.text(r, "layout", "model: rope") : "interleaved";
    const auto parsed = rope_layout_from_word(layout);
    if (!parsed)
      reader.fail(fmt::format(
          "model: rope \"layout\" must be \"interleaved\" or \"half\", found \"{}\"", layout));
    rope.layout = *parsed;
    model.rope = rope;
  }
  const json& layers = reader.member(doc, "layers", "model");
  if (!layers.is_array() || layers.empty())
    reader.fail("model: \"layers\" must be a non-empty array");
  for (std::size_t l = 0; l < layers.size(); ++l) {
    const json& lj = layers[l];
    const std::string where = fmt::format("layer {}", l);
    const json& heads = reader.member(lj, "heads", where);
    if (!heads.is_array() || heads.empty())
      reader.fail(where + ": \"heads\" must be a non-empty array");
    TransformerLayer layer;
    for (std::size_t h = 0; h < heads.size(); ++h) {
      const std::string hw = fmt::format("layer {} head {}", l, h);
      TransformerHead head;
      head.wq = reader.matrix(heads[h], "wq", hw);
      head.wk = reader.matrix(heads[h], "wk", hw);
      head.wv = reader.matrix(heads[h], "wv", hw);
      layer.heads.push_back(std::move(head));
    }
    if (model.aggregation == Aggregation::kConcat) layer.wo = reader.matrix(lj, "wo", where);
    if (lj.contains("mlp")) {
      const std::string mw = where + " mlp";
      Mlp mlp;
      mlp.w1 = reader.matrix(lj["mlp"], "w1", mw);
      mlp.b1 = reader.matrix(lj["mlp"], "b1", mw, true).col(0);
      mlp.w2 = reader.matrix(lj["mlp"], "w2", mw);
      mlp.b2 = reader.matrix(lj["mlp"], "b2", mw, true).col(0);
      layer.mlp = std::move(mlp);
    }
    model.layers.push_back(std::move(layer));
  }
  try {
    validate_transformer(model);
  } catch (const ContractError& e) {
    reader.fail(e.what());
  }
  return model;
}
}  // namespace

}  // namespace sethkit
