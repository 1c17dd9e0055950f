#include "core/suggest.hpp"

#include <algorithm>

namespace sethkit {

std::size_t edit_distance(const std::string& a, const std::string& b) {
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1));
  for (std::size_t i = 0; i <= n; ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= m; ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= n; ++i)
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[n][m];
}

std::optional<std::string> closest_name(const std::string& name,
                                        const std::vector<std::string>& known) {
  if (name.empty()) return std::nullopt;
  const std::size_t allowed = std::clamp<std::size_t>(name.size() / 3, 1, 3);
  std::optional<std::string> best;
  std::size_t best_distance = 0;
  for (const std::string& k : known) {
    const bool prefix =
        k.size() >= 3 && name.size() >= 3 && (k.rfind(name, 0) == 0 || name.rfind(k, 0) == 0);
    const std::size_t dist = edit_distance(name, k);
    if (dist > allowed && !prefix) continue;
    const std::size_t rank = prefix ? std::min(dist, allowed) : dist;
    if (!best || rank < best_distance) {
      best = k;
      best_distance = rank;
    }
  }
  return best;
}

std::string did_you_mean(const std::string& name, const std::vector<std::string>& known) {
  const auto best = closest_name(name, known);
  return best ? "; did you mean '" + *best + "'?" : "";
}

}  // namespace sethkit
