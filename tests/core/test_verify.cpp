// The independent checkers (core/verify.hpp).
#include <catch2/catch.hpp>

#include "core/verify.hpp"

using namespace sethkit;

TEST_CASE("satisfies: clauses, empty clause, missing variables", "[verify]") {
  Cnf cnf;
  cnf.add_clause({1, -2});
  cnf.add_clause({2, 3});
  CHECK(satisfies(cnf, {true, true, false}));
  CHECK(satisfies(cnf, {false, false, true}));
  CHECK_FALSE(satisfies(cnf, {false, true, false}));
  CHECK(first_falsified_clause(cnf, {false, true, false}) == 0);
  CHECK_FALSE(satisfies(cnf, {true, true}));  // variable 3 unassigned
  cnf.add_clause(std::span<const int>{});
  CHECK_FALSE(satisfies(cnf, {true, true, true}));
  CHECK(first_falsified_clause(cnf, {true, true, true}) == 2);
}

TEST_CASE("is_orthogonal_pair", "[verify]") {
  OvInstance ov(2, 2, 3);
  ov.a(0)[0] = 1;
  ov.b(0)[0] = 1;
  ov.b(1)[1] = 1;
  CHECK_FALSE(is_orthogonal_pair(ov, 0, 0));
  CHECK(is_orthogonal_pair(ov, 0, 1));
  CHECK(is_orthogonal_pair(ov, 1, 0));
  CHECK_FALSE(is_orthogonal_pair(ov, 2, 0));  // out of range is never a witness
}
