#include "attention/registry.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <functional>
#include <utility>

#include "attention/conv_backend.hpp"
#include "attention/flash_backend.hpp"
#include "attention/naive_backend.hpp"
#include "attention/poly_backend.hpp"
#include "core/error.hpp"
#include "core/suggest.hpp"

namespace sethkit {

namespace {
using Factory = std::function<std::unique_ptr<AttentionBackend>(const BackendOptions&)>;

const std::vector<std::pair<std::string, Factory>>& factories() {
  static const std::vector<std::pair<std::string, Factory>> list = {
      {"naive", [](const BackendOptions&) { return std::make_unique<NaiveBackend>(); }},
      {"flash",
       [](const BackendOptions&) {
         return std::make_unique<FlashBackend>(FlashBackend::Precision::kFloat32);
       }},
      {"flash64",
       [](const BackendOptions&) {
         return std::make_unique<FlashBackend>(FlashBackend::Precision::kFloat64);
       }},
      {"poly",
       [](const BackendOptions& o) {
         PolyParams p;
         p.target_error = o.target_error;
         p.degree = o.degree;
         p.max_rank = o.max_rank;
         return std::make_unique<PolyBackend>(p);
       }},
      {"conv",
       [](const BackendOptions& o) {
         ConvParams p;
         p.recovery.window = o.conv_window;
         p.recovery.tau = o.conv_tau;
         p.recovery.k_max = o.conv_k_max;
         p.eps = o.conv_eps;
         return std::make_unique<ConvBackend>(p);
       }},
      {"performer",
       [](const BackendOptions& o) { return std::make_unique<PerformerBackend>(o.performer); }},
      {"hyper", [](const BackendOptions& o) { return std::make_unique<HyperBackend>(o.hyper); }},
      {"reformer",
       [](const BackendOptions& o) { return std::make_unique<ReformerBackend>(o.reformer); }},
      {"nystrom",
       [](const BackendOptions& o) { return std::make_unique<NystromBackend>(o.nystrom); }},
      {"window", [](const BackendOptions& o) { return std::make_unique<WindowBackend>(o.window); }},
      {"external",
       [](const BackendOptions& o) { return std::make_unique<ExternalBackend>(o.external); }},
      {"callback",
       [](const BackendOptions& o) { return std::make_unique<CallbackBackend>(o.callback); }},
  };
  return list;
}
}  // namespace

std::unique_ptr<AttentionBackend> make_backend(const std::string& name,
                                               const BackendOptions& options) {
  for (const auto& [key, factory] : factories())
    if (key == name) return factory(options);
  throw ContractError(fmt::format("unknown attention backend '{}'{}; known: {}", name,
                                  did_you_mean(name, backend_names()),
                                  fmt::join(backend_names(), ", ")));
}

std::vector<std::string> backend_names() {
  std::vector<std::string> names;
  for (const auto& entry : factories()) names.push_back(entry.first);
  return names;
}

std::vector<std::string> builtin_backend_names() {
  std::vector<std::string> names;
  for (const auto& entry : factories())
    if (entry.first != "external" && entry.first != "callback") names.push_back(entry.first);
  return names;
}

bool is_approximate_backend(const std::string& name) {
  return name == "performer" || name == "hyper" || name == "reformer" || name == "nystrom" ||
         name == "window" || name == "external" || name == "callback";
}

}  // namespace sethkit
