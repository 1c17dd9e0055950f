// Problem values (core/problem.hpp): names, one-line descriptions and the
// parameters the run bundle records, per problem; witnesses as text.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "core/problem.hpp"

using namespace sethkit;

TEST_CASE("Problem values name, describe and parametrise their instance", "[problem]") {
  Cnf cnf(3);
  cnf.add_clause({1, -2});
  cnf.add_clause({3});
  const ProblemValue sat = cnf;
  CHECK(std::string(problem_name(sat)) == "cnf-sat");
  CHECK(describe_problem(sat) == "CNF: 3 variables, 2 clauses");
  CHECK(problem_params(sat) == nlohmann::json{{"vars", 3}, {"clauses", 2}});

  const ProblemValue ov = OvInstance(4, 2, 5);
  CHECK(std::string(problem_name(ov)) == "ov");
  CHECK(describe_problem(ov) == "OV: N_a = 4, N_b = 2 vectors of dimension 5");
  CHECK(problem_params(ov) == nlohmann::json{{"nA", 4}, {"nB", 2}, {"d", 5}});

  const ProblemValue three = ThreeOvInstance(2, 2, 3, 4);
  CHECK(std::string(problem_name(three)) == "3-ov");
  CHECK(problem_params(three) == nlohmann::json{{"nA", 2}, {"nB", 2}, {"nC", 3}, {"d", 4}});

  GapHamming gap;
  gap.points = OvInstance(2, 3, 8);
  gap.t = 2;
  gap.eps = 0.5;
  const ProblemValue g = gap;
  CHECK(std::string(problem_name(g)) == "gap-hamming");
  CHECK(problem_params(g)["t"] == 2);
  CHECK(describe_problem(g).find("YES <= t = 2") != std::string::npos);
}

TEST_CASE("Witnesses and agreements as text", "[problem]") {
  CHECK(describe(Witness{{3, 5}, {}}) == "a[3] b[5]");
  CHECK(describe(Witness{{0, 2, 1}, {}}) == "a[0] b[2] c[1]");
  CHECK(describe(Witness{{}, Assignment{true, false, true}}) == "assignment 1 -2 3");
  CHECK(describe(Witness{{1, 1}, Assignment{false}}) == "a[1] b[1] -> assignment -1");
  CHECK(std::string(to_string(Agreement::kAgree)) == "agree");
  CHECK(std::string(to_string(Agreement::kAmbiguous)) == "ambiguous");
}
