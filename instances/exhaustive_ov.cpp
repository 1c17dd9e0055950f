#include "instances/exhaustive_ov.hpp"

#include <cstdint>

#include "core/error.hpp"

namespace sethkit {

void for_each_ov_instance(std::size_t max_n, std::size_t max_d,
                          const std::function<void(const OvInstance&)>& visit) {
  require(2 * max_n * max_d <= 24, "exhaustive OV: at most 24 bits per instance");
  for (std::size_t n_a = 1; n_a <= max_n; ++n_a)
    for (std::size_t n_b = 1; n_b <= max_n; ++n_b)
      for (std::size_t d = 1; d <= max_d; ++d) {
        const std::size_t bits = (n_a + n_b) * d;
        for (std::uint64_t code = 0; code < (std::uint64_t{1} << bits); ++code) {
          OvInstance ov(n_a, n_b, d);
          std::size_t bit = 0;
          for (std::size_t i = 0; i < n_a; ++i)
            for (auto& x : ov.a(i)) x = (code >> bit++) & 1;
          for (std::size_t j = 0; j < n_b; ++j)
            for (auto& x : ov.b(j)) x = (code >> bit++) & 1;
          visit(ov);
        }
      }
}

}  // namespace sethkit
