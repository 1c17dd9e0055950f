#include "attention/registry.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <functional>
#include <utility>

#include "attention/naive_backend.hpp"
#include "core/error.hpp"

namespace sethkit {

namespace {
using Factory = std::function<std::unique_ptr<AttentionBackend>()>;

const std::vector<std::pair<std::string, Factory>>& factories() {
  static const std::vector<std::pair<std::string, Factory>> list = {
      {"naive", [] { return std::make_unique<NaiveBackend>(); }},
  };
  return list;
}
}  // namespace

std::unique_ptr<AttentionBackend> make_backend(const std::string& name) {
  for (const auto& [key, factory] : factories())
    if (key == name) return factory();
  throw ContractError(fmt::format("unknown attention backend '{}'; known: {}", name,
                                  fmt::join(backend_names(), ", ")));
}

std::vector<std::string> backend_names() {
  std::vector<std::string> names;
  for (const auto& entry : factories()) names.push_back(entry.first);
  return names;
}

}  // namespace sethkit
