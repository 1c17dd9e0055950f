// The backend interface and registry (attention/backend.hpp,
// attention/registry.hpp): input checks with their messages, lookup by name.
#include <catch2/catch.hpp>
#include <cmath>

#include "attention/naive_backend.hpp"
#include "attention/registry.hpp"

using namespace sethkit;

TEST_CASE("attention input checks and the registry", "[attention]") {
  const Matrix q = Matrix::Ones(2, 3), k = Matrix::Ones(4, 3), v = Matrix::Ones(4, 2);
  const Matrix bad_k = Matrix::Ones(4, 2), bad_v = Matrix::Ones(3, 2), no_keys(0, 3),
               no_values(0, 2);
  const NaiveBackend naive;
  CHECK_NOTHROW(naive.run({q, k, v, 1.0}));
  CHECK_THROWS_WITH(naive.run({q, bad_k, v, 1.0}), Catch::Contains("same number of columns"));
  CHECK_THROWS_WITH(naive.run({q, k, bad_v, 1.0}), Catch::Contains("one row per key"));
  CHECK_THROWS_WITH(naive.run({q, no_keys, no_values, 1.0}), Catch::Contains("at least one key"));
  CHECK_THROWS_WITH(naive.run({q, k, v, INFINITY}), Catch::Contains("scale"));
  Matrix huge = Matrix::Constant(1, 3, 1e200);
  CHECK_THROWS_WITH(naive.run({huge, huge, Matrix::Ones(1, 1), 1.0}), Catch::Contains("overflow"));
  CHECK(make_backend("naive")->name() == "naive");
  CHECK_THROWS_WITH(make_backend("nope"), Catch::Contains("unknown attention backend 'nope'") &&
                                              Catch::Contains("naive"));
}
