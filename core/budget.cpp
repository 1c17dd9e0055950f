#include "core/budget.hpp"

#include <unistd.h>

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <string>

#include <fmt/format.h>

namespace sethkit {

namespace {
Budget& mutable_budget() {
  static Budget budget{physical_memory_bytes() / 2, 0};
  return budget;
}
}  // namespace

std::uint64_t physical_memory_bytes() {
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long page = sysconf(_SC_PAGESIZE);
  if (pages <= 0 || page <= 0) return 8ULL << 30;
  return static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page);
}

const Budget& process_budget() {
  return mutable_budget();
}

void set_process_budget(const Budget& budget) {
  mutable_budget() = budget;
}

std::uint64_t input_byte_limit() {
  return process_budget().max_bytes / 4;
}

std::optional<std::uint64_t> parse_byte_size(std::string_view text) {
  std::string s(text);
  if (s.empty() || !(std::isdigit(static_cast<unsigned char>(s[0])) || s[0] == '.'))
    return std::nullopt;
  char* end = nullptr;
  const double value = std::strtod(s.c_str(), &end);
  std::string unit(end);
  if (unit.size() >= 3 && unit.ends_with("iB"))
    unit.resize(unit.size() - 2);
  else if (unit.size() >= 2 && unit.ends_with("B"))
    unit.resize(unit.size() - 1);
  double scale = 1;
  if (unit == "K" || unit == "k")
    scale = 1024.0;
  else if (unit == "M")
    scale = 1024.0 * 1024;
  else if (unit == "G")
    scale = 1024.0 * 1024 * 1024;
  else if (unit == "T")
    scale = 1024.0 * 1024 * 1024 * 1024;
  else if (!unit.empty() && unit != "B")
    return std::nullopt;
  const double bytes = value * scale;
  if (!std::isfinite(bytes) || bytes < 1 || bytes >= 1.8e19) return std::nullopt;
  return static_cast<std::uint64_t>(bytes);
}

std::string format_bytes(std::uint64_t bytes) {
  const double b = static_cast<double>(bytes);
  if (b >= 1024.0 * 1024 * 1024 * 1024)
    return fmt::format("{:.3g} TiB", b / (1024.0 * 1024 * 1024 * 1024));
  if (b >= 1024.0 * 1024 * 1024) return fmt::format("{:.3g} GiB", b / (1024.0 * 1024 * 1024));
  if (b >= 1024.0 * 1024) return fmt::format("{:.3g} MiB", b / (1024.0 * 1024));
  if (b >= 1024.0) return fmt::format("{:.3g} KiB", b / 1024.0);
  return fmt::format("{} bytes", bytes);
}

std::string format_seconds(double s) {
  if (!std::isfinite(s)) return "forever";
  if (s < 0.01) return "under 0.01 s";
  if (s < 60) return fmt::format("{:.2g} s", s);
  if (s < 3600) return fmt::format("{:.2g} min", s / 60);
  if (s < 86400) return fmt::format("{:.2g} h", s / 3600);
  if (s < 86400 * 365.0) return fmt::format("{:.2g} days", s / 86400);
  return fmt::format("{:.2g} years", s / (86400 * 365.0));
}

std::uint64_t estimated_bytes(double bytes) {
  if (!(bytes >= 0)) return 0;
  return bytes >= 1.8e19 ? UINT64_MAX : static_cast<std::uint64_t>(bytes);
}

std::string format_count(double n) {
  if (n >= 1024 && std::abs(std::log2(n) - std::round(std::log2(n))) < 1e-12)
    return fmt::format("2^{}", static_cast<int>(std::round(std::log2(n))));
  if (n >= 1e7) return fmt::format("{:.3g}", n);
  return fmt::format("{}", static_cast<std::uint64_t>(std::llround(n)));
}

}  // namespace sethkit
