// The Baur-Strassen demonstration (experiments/baur_strassen.hpp): on a small
// grid every product comes back exactly from one backward pass, the backward
// pass costs a small constant times the forward one, and the JSON record says so.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "experiments/baur_strassen.hpp"

using namespace sethkit;

TEST_CASE("Baur-Strassen: every product exact on a small grid", "[baur_strassen]") {
  BaurStrassenParams p;
  p.n = {4, 8};
  p.layers = 1;
  p.heads = 2;
  p.max_entry = 3;
  p.signed_entries = true;
  p.repeats = 1;
  int seen = 0;
  const auto rows = run_baur_strassen(p, [&](const BaurStrassenRow&) { ++seen; });
  REQUIRE(rows.size() == 2);
  CHECK(seen == 2);
  for (const BaurStrassenRow& r : rows) {
    INFO("N " << r.n);
    CHECK(r.products == 2);
    CHECK(r.exact_products == 2);
    CHECK(r.max_deviation < 0.5);
    CHECK(r.backward_ops > r.forward_ops);
    CHECK(r.ops_ratio < 10);
  }
  const nlohmann::json doc = baur_strassen_json(p, rows);
  CHECK(doc["all_exact"] == true);
  CHECK(doc["rows"].size() == 2);
  CHECK(doc["experiment"] == "baur-strassen");
}
