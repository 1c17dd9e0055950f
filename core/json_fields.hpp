// Reading a JSON input field by field (docs/formats.md, "Errors"): every
// field a reader uses is checked for presence, type and range, and a refusal
// is one line naming the file and the field's path
// ("certificate.json: ov_to_attention.n_q: expected an integer from 2 to
// 2^40, found -5"). Numbers are never converted silently: 0.5 is not an
// integer, 1e300 is not a count, and a negative value is not wrapped.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace sethkit {

class JsonFields {
 public:
  // `object` must be a JSON object; `where` is its path in the file ("" for
  // the document itself).
  JsonFields(const nlohmann::json& object, std::string file, std::string where = "");

  bool has(const char* key) const;
  // The nested object at `key`.
  JsonFields object(const char* key) const;
  // An integer in [lo, hi] (a JSON integer, or a number with no fractional part).
  std::int64_t integer(const char* key, std::int64_t lo, std::int64_t hi) const;
  // A finite number in [lo, hi].
  double number(const char* key, double lo, double hi) const;
  std::string text(const char* key) const;
  bool boolean(const char* key) const;
  // The field as it is, for a reader that checks it itself.
  const nlohmann::json& value(const char* key) const;

  // InputError naming the file and the field's path.
  [[noreturn]] void fail(const char* key, const std::string& message) const;
  std::string path(const char* key) const;
  const std::string& file() const { return file_; }

 private:
  const nlohmann::json& object_;
  std::string file_;
  std::string where_;
};

// What a JSON value is, as an error says it: "a string \"x\"", "the number
// -5", "null", "an array", "an object", "true".
std::string describe_json(const nlohmann::json& value);

}  // namespace sethkit
