#include "core/shard.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cstdint>

#include "core/error.hpp"

namespace sethkit {

bool Shard::owns(const std::string& key) const {
  if (count <= 1) return true;
  std::uint64_t hash = 14695981039346656037ULL;  // FNV-1a, 64 bits
  for (unsigned char ch : key) {
    hash ^= ch;
    hash *= 1099511628211ULL;
  }
  // FNV-1a's low bits follow the parity of the characters: mix them (MurmurHash3's finaliser).
  hash ^= hash >> 33;
  hash *= 0xff51afd7ed558ccdULL;
  hash ^= hash >> 33;
  hash *= 0xc4ceb9fe1a85ec53ULL;
  hash ^= hash >> 33;
  return hash % count == index - 1;
}

std::string Shard::suffix() const {
  return active() ? fmt::format(".shard-{}-of-{}", index, count) : std::string();
}

Shard parse_shard(const std::string& text) {
  if (text.empty()) return {};
  const auto number = [&](const char* first, const char* last, std::size_t& out) {
    const auto [end, ec] = std::from_chars(first, last, out);
    return ec == std::errc() && end == last;
  };
  const std::size_t slash = text.find('/');
  Shard s;
  if (slash == std::string::npos || !number(text.data(), text.data() + slash, s.index) ||
      !number(text.data() + slash + 1, text.data() + text.size(), s.count) || s.index < 1 ||
      s.count < 1 || s.index > s.count || s.count > 100000)
    throw ContractError(fmt::format(
        "--shard: expected I/K with 1 <= I <= K <= 100000 (shard I of K), got '{}'", text));
  return s;
}

std::vector<std::string> command_without_output(const std::vector<std::string>& args,
                                                const std::string& short_name,
                                                const std::string& long_name) {
  std::vector<std::string> out;
  const auto with_value = [](const std::string& a, const std::string& name) {
    return !name.empty() && a == name;
  };
  const auto joined = [](const std::string& a, const std::string& name) {
    if (name.empty()) return false;
    if (name.size() == 2) return a.size() > 2 && a.rfind(name, 0) == 0;  // -oDIR
    return a.rfind(name + "=", 0) == 0;                                  // --out=DIR
  };
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--resume" || a == "--force") continue;
    if (with_value(a, "--shard") || with_value(a, short_name) || with_value(a, long_name)) {
      ++i;  // and its value
      continue;
    }
    if (joined(a, "--shard") || joined(a, short_name) || joined(a, long_name)) continue;
    out.push_back(a);
  }
  return out;
}

}  // namespace sethkit
