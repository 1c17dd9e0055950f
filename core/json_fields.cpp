#include "core/json_fields.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/error.hpp"

namespace sethkit {

namespace {
std::string readable(std::int64_t n) {
  for (int p = 10; p < 63; ++p) {
    if (n == (std::int64_t{1} << p)) return fmt::format("2^{}", p);
    if (n == (std::int64_t{1} << p) + 1) return fmt::format("2^{} + 1", p);
  }
  if (n == INT64_MAX) return "2^63 - 1";
  return fmt::format("{}", n);
}
}  // namespace

std::string describe_json(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::null:
      return "null";
    case nlohmann::json::value_t::boolean:
      return value.get<bool>() ? "true" : "false";
    case nlohmann::json::value_t::string: {
      std::string s = value.get<std::string>();
      if (s.size() > 40) s = s.substr(0, 40) + "...";
      return fmt::format("the string \"{}\"", s);
    }
    case nlohmann::json::value_t::array:
      return "an array";
    case nlohmann::json::value_t::object:
      return "an object";
    default:
      return fmt::format("the number {}", value.dump());
  }
}

JsonFields::JsonFields(const nlohmann::json& object, std::string file, std::string where)
    : object_(object), file_(std::move(file)), where_(std::move(where)) {
  if (!object_.is_object())
    throw InputError(
        file_, fmt::format("{}expected an object, found {}", where_.empty() ? "" : where_ + ": ",
                           describe_json(object_)));
}

std::string JsonFields::path(const char* key) const {
  return where_.empty() ? std::string(key) : where_ + "." + key;
}

void JsonFields::fail(const char* key, const std::string& message) const {
  throw InputError(file_, fmt::format("{}: {}", path(key), message));
}

bool JsonFields::has(const char* key) const {
  return object_.contains(key);
}

const nlohmann::json& JsonFields::value(const char* key) const {
  const auto it = object_.find(key);
  if (it == object_.end())
    throw InputError(file_, where_.empty()
                                ? fmt::format("expected the field \"{}\"", key)
                                : fmt::format("{}: expected the field \"{}\"", where_, key));
  return *it;
}

JsonFields JsonFields::object(const char* key) const {
  const nlohmann::json& v = value(key);
  if (!v.is_object()) fail(key, fmt::format("expected an object, found {}", describe_json(v)));
  return JsonFields(v, file_, path(key));
}

std::int64_t JsonFields::integer(const char* key, std::int64_t lo, std::int64_t hi) const {
  const nlohmann::json& v = value(key);
  const auto refuse = [&] {
    fail(key, fmt::format("expected an integer from {} to {}, found {}", readable(lo), readable(hi),
                          describe_json(v)));
  };
  std::int64_t n = 0;
  if (v.is_number_unsigned()) {
    const std::uint64_t u = v.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(INT64_MAX)) refuse();
    n = static_cast<std::int64_t>(u);
  } else if (v.is_number_integer()) {
    n = v.get<std::int64_t>();
  } else if (v.is_number_float()) {
    const double x = v.get<double>();
    // Only a whole number well inside the 64-bit range converts exactly.
    if (!std::isfinite(x) || x != std::floor(x) || std::abs(x) >= 9.2e18) refuse();
    n = static_cast<std::int64_t>(x);
  } else {
    refuse();
  }
  if (n < lo || n > hi) refuse();
  return n;
}

double JsonFields::number(const char* key, double lo, double hi) const {
  const nlohmann::json& v = value(key);
  const double x = v.is_number() ? v.get<double>() : NAN;
  if (!std::isfinite(x) || x < lo || x > hi)
    fail(key, fmt::format("expected a finite number from {:g} to {:g}, found {}", lo, hi,
                          describe_json(v)));
  return x;
}

std::string JsonFields::text(const char* key) const {
  const nlohmann::json& v = value(key);
  if (!v.is_string()) fail(key, fmt::format("expected a string, found {}", describe_json(v)));
  return v.get<std::string>();
}

bool JsonFields::boolean(const char* key) const {
  const nlohmann::json& v = value(key);
  if (!v.is_boolean()) fail(key, fmt::format("expected true or false, found {}", describe_json(v)));
  return v.get<bool>();
}

}  // namespace sethkit
