// Benchmark of the first chain (not a test; see docs/performance.md):
// CNF -> OV -> attention with the chains' default oracle (`auto`: flash in
// float32 where its error bound is within a quarter of the certificate's
// tolerance, else flash64; the column names the one chosen) against CaDiCaL on the same
// formulas, v = 16 .. 30: the oracle's time grows as N^2 m = 2^v m, the
// quadratic cost SETH says no attention algorithm avoids at these entries.
// Medians of --repeats runs. Writes a markdown table to stdout and CSV rows
// to --csv.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <vector>

#include "chain/executor.hpp"
#include "experiments/measurement.hpp"
#include "instances/random_cnf.hpp"

using namespace sethkit;

int main(int argc, char** argv) {
  CLI::App app{"sethkit benchmark: the CNF -> OV -> attention chain beside CaDiCaL"};
  int repeats = 3, max_vars = 30;
  std::string csv_path = "bench_chain.csv";
  app.add_option("--repeats", repeats, "Runs per cell (median reported)");
  app.add_option("--max-vars", max_vars, "Largest formula (variables)");
  app.add_option("--csv", csv_path, "CSV output");
  CLI11_PARSE(app, argc, argv);
  std::ofstream csv(csv_path);
  csv << "benchmark,param,value,metric,median\n";

  fmt::print(
      "## CNF -> OV -> attention (default oracle) vs CaDiCaL, random 3-CNF at ratio 4.26\n\n");
  fmt::print(
      "| v | N = 2^ceil(v/2) | m | B | B/sqrt(ln n) | oracle | oracle s | encode s | CaDiCaL s | "
      "oracle / CaDiCaL | agree |\n");
  fmt::print("|---|---|---|---|---|---|---|---|---|---|---|\n");
  for (int v = 16; v <= max_vars; v += 2) {
    const auto g =
        random_kcnf({v, clauses_for_ratio(v, 4.26), 3, false, static_cast<std::uint64_t>(v)});
    std::vector<double> oracle, encode, truth;
    ChainRun r;
    for (int k = 0; k < repeats; ++k) {
      r = run_chain("sat-ov-attention", g.cnf, "bench", ChainOptions{});
      oracle.push_back(r.oracle.seconds_oracle);
      encode.push_back(r.seconds_encode);
      truth.push_back(r.stages.front().truth.seconds);
    }
    const double o = median(oracle), e = median(encode), t = median(truth);
    const auto& split = r.steps.front().certificate;  // cnf-to-ov
    const auto& attention = r.oracle.step.certificate;
    const auto n_a = split["N_a"].get<std::uint64_t>();
    fmt::print("| {} | {} | {} | {:.1f} | {:.2f} | {} | {:.4f} | {:.4f} | {:.5f} | {:.0f} | {} |\n",
               v, n_a, split["d"].get<std::size_t>(), attention["B"].get<double>(),
               attention["c"].get<double>(), r.oracle.oracle, o, e, t, o / std::max(t, 1e-6),
               to_string(r.agreement));
    csv << fmt::format("chain,v={},{},oracle_s,{}\nchain,v={},{},cadical_s,{}\n", v, n_a, o, v, n_a,
                       t);
  }

  return 0;
}
