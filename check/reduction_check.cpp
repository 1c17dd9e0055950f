#include "check/reduction_check.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <tuple>

#include "chain/executor.hpp"
#include "chain/run_bundle.hpp"
#include "core/dimacs.hpp"
#include "core/error.hpp"
#include "core/file_io.hpp"
#include "core/json_report.hpp"
#include "core/ov_format.hpp"
#include "core/provenance.hpp"
#include "core/rng.hpp"
#include "core/stopwatch.hpp"
#include "core/suggest.hpp"
#include "instances/exhaustive_ov.hpp"
#include "instances/random_cnf.hpp"
#include "instances/random_ov.hpp"
#include "reductions/cnf_to_ov.hpp"
#include "reductions/cnf_to_three_ov.hpp"
#include "reductions/gap_hamming_to_attention.hpp"
#include "reductions/gap_max_ip_to_attention.hpp"
#include "reductions/gap_max_ip_to_hamming.hpp"
#include "reductions/ov_to_attention.hpp"
#include "reductions/ov_to_attention_gradient.hpp"
#include "reductions/ov_to_diameter.hpp"
#include "reductions/ov_to_gap_max_ip.hpp"
#include "reductions/ov_to_hamming.hpp"
#include "reductions/three_ov_to_transformer.hpp"
#include "solvers/brute_force_sat.hpp"
#include "solvers/ov_solver.hpp"

namespace sethkit {

namespace {
// The oracle every chain of the running check uses (CheckParams::backend),
// set by run_check for its duration.
struct CheckOracle {
  std::string backend = "naive";
  BackendOptions options;
};
CheckOracle& check_oracle() {
  static CheckOracle oracle;
  return oracle;
}

ChainRun run_checked(const std::string& chain, const ProblemValue& source, ChainOptions o) {
  o.backend = check_oracle().backend;
  o.backend_options = check_oracle().options;
  return run_chain(chain, source, "check", o);
}

// What is wrong with a chain's run, or "".
std::string chain_problem(const ChainRun& r) {
  if (r.agreement != Agreement::kAgree)
    return fmt::format("{}: verdict {}: {}", r.chain, to_string(r.agreement), r.explanation);
  if (!r.overhead_ok()) return fmt::format("{}: {}", r.chain, r.overhead_problem());
  return "";
}

// Runs the chain twice: with the exact oracle, then (for an oracle with a
// tolerance) with uniform noise at 99% of the certificate's tolerance.
std::string noisy_chain(const std::string& chain, const ProblemValue& source, std::uint64_t seed,
                        ChainOptions o = {}) {
  const ChainRun clean = run_checked(chain, source, o);
  if (const std::string p = chain_problem(clean); !p.empty())
    return fmt::format("oracle '{}' without noise: {}", check_oracle().backend, p);
  if (clean.oracle.tolerated_error <= 0) return "";
  o.noise = 0.99 * clean.oracle.tolerated_error;
  o.seed = seed;
  const ChainRun noisy = run_checked(chain, source, o);
  if (const std::string p = chain_problem(noisy); !p.empty())
    return fmt::format("noise {:.4g} (99% of the tolerance): {}", o.noise, p);
  return "";
}

// The exact steps alone (the chain ends at their target's own solver), then
// the whole chain through an oracle.
std::string solver_then_oracle(const std::string& exact, const std::string& oracle,
                               const ProblemValue& source, std::uint64_t seed,
                               ChainOptions o = {}) {
  if (std::string p = chain_problem(run_checked(exact, source, o)); !p.empty()) return p;
  return noisy_chain(oracle, source, seed, o);
}

// The run bundle of `source` through `chain`, noisy at 99% of the tolerance
// where the oracle has one; the source hashed in its file format.
CheckBundle bundle_of(std::string chain,
                      std::function<ChainOptions(std::uint64_t)> options = nullptr) {
  return [chain, options](const ProblemValue& source, std::uint64_t seed) {
    ChainOptions o = options ? options(seed) : ChainOptions{};
    const double tolerance = run_checked(chain, source, o).oracle.tolerated_error;
    o.noise = 0.99 * tolerance;
    o.seed = seed;
    const std::string text = std::holds_alternative<Cnf>(source)
                                 ? format_dimacs(std::get<Cnf>(source), Provenance{})
                                 : format_ov(std::get<OvInstance>(source), Provenance{});
    return to_run_bundle(run_checked(chain, source, o), sha256_hex(text));
  };
}

// The distributed PCP's gap, pair by pair and hint by hint: <Alice(a_i, h),
// Bob(b_j)> is q when a_i, b_j are orthogonal and h is their honest hint, at
// most 2k - 2 otherwise; the honest hint exists exactly for orthogonal pairs.
std::string pcp_gap_problem(const OvInstance& ov) {
  const OvToGapMaxIp rule;
  const GapMaxIpCertificate c = rule.certificate(ov);
  const ReedSolomonProtocol protocol(c.shape);
  const GapMaxIp g = rule.encode(ov);
  for (std::size_t i = 0; i < ov.n_a(); ++i)
    for (std::size_t j = 0; j < ov.n_b(); ++j) {
      const bool orthogonal = inner_product(ov.a(i), ov.b(j)) == 0;
      const std::optional<std::size_t> honest = protocol.honest_hint(ov.a(i), ov.b(j));
      if (honest.has_value() != orthogonal)
        return fmt::format("{}: a[{}], b[{}] are {}orthogonal but {} an honest hint", rule.kName, i,
                           j, orthogonal ? "" : "not ", honest ? "have" : "lack");
      for (std::size_t h = 0; h < c.hints; ++h) {
        const std::size_t ip = inner_product(g.points.a(i * c.hints + h), g.points.b(j));
        const bool ok = honest == h ? ip == c.s_yes : ip <= c.s_no;
        if (!ok)
          return fmt::format("{}: a[{}] with hint {} and b[{}] have inner product {}; expected {}",
                             rule.kName, i, h, j, ip,
                             honest == h ? fmt::format("q = {}", c.s_yes)
                                         : fmt::format("at most 2k - 2 = {}", c.s_no));
      }
    }
  return "";
}

// Transformer shapes rotate with the seed: (L, H) in (1, 1), (1, 2), (2, 2), (3, 1),
// hardmax for every third seed.
ChainOptions transformer_options(std::uint64_t seed) {
  static const std::pair<std::size_t, std::size_t> shapes[] = {{1, 1}, {1, 2}, {2, 2}, {3, 1}};
  ChainOptions o;
  std::tie(o.transformer.layers, o.transformer.heads) = shapes[seed % 4];
  o.transformer.attention = seed % 3 == 0 ? AttentionKind::kHardmax : AttentionKind::kSoftmax;
  return o;
}

OvInstance random_ov_instance(Rng& rng, std::size_t max_size, OvPlant plant, std::uint64_t seed) {
  RandomOvParams p;
  p.n_a = 1 + rng.uniform_int(max_size);
  p.n_b = 1 + rng.uniform_int(max_size);
  p.d = 1 + rng.uniform_int(max_size);
  p.density = rng.uniform(0.2, 0.8);
  p.plant = plant;
  p.seed = seed;
  return random_ov(p).ov;
}

Cnf random_cnf_instance(Rng& rng, std::size_t max_size, bool planted, std::uint64_t seed) {
  RandomCnfParams p;
  p.vars = 1 + static_cast<int>(rng.uniform_int(max_size));
  p.k = 1 + static_cast<int>(rng.uniform_int(static_cast<std::uint64_t>(std::min(p.vars, 3))));
  p.clauses = 1 + rng.uniform_int(static_cast<std::uint64_t>(5 * p.vars));
  p.planted = planted;
  p.seed = seed;
  return random_kcnf(p).cnf;
}

// Every OV instance with nA, nB <= 2 and d <= 2.
std::vector<OvInstance> tiny_ov_instances() {
  std::vector<OvInstance> out;
  for_each_ov_instance(2, 2, [&](const OvInstance& ov) { out.push_back(ov); });
  return out;
}

// Every CNF over 2 variables with at most 2 clauses (each a nonempty set of
// literals over distinct variables).
std::vector<Cnf> tiny_cnf_instances() {
  std::vector<std::vector<int>> clauses;
  for (int a : {-1, 0, 1})
    for (int b : {-2, 0, 2}) {
      std::vector<int> c;
      if (a) c.push_back(a);
      if (b) c.push_back(b);
      if (!c.empty()) clauses.push_back(c);
    }
  std::vector<Cnf> out;
  for (std::size_t i = 0; i < clauses.size(); ++i)
    for (std::size_t j = i; j <= clauses.size(); ++j) {
      Cnf cnf(2);
      cnf.add_clause(clauses[i]);
      if (j < clauses.size()) cnf.add_clause(clauses[j]);
      out.push_back(std::move(cnf));
    }
  return out;
}

// Greedy shrinking: drop a vector or a coordinate while the check still fails.
OvInstance shrink(const OvInstance& ov, const OvCheck& check, std::uint64_t seed) {
  OvInstance cur = ov;
  bool changed = true;
  const auto without = [](const OvInstance& in, char side, std::size_t drop) {
    const std::size_t na = in.n_a() - (side == 'a'), nb = in.n_b() - (side == 'b'),
                      d = in.d() - (side == 'd');
    OvInstance out(na, nb, d);
    const auto copy = [&](std::span<const std::uint8_t> from, std::span<std::uint8_t> to) {
      for (std::size_t t = 0, u = 0; t < in.d(); ++t)
        if (side != 'd' || t != drop) to[u++] = from[t];
    };
    for (std::size_t i = 0, r = 0; i < in.n_a(); ++i)
      if (side != 'a' || i != drop) copy(in.a(i), out.a(r++));
    for (std::size_t j = 0, r = 0; j < in.n_b(); ++j)
      if (side != 'b' || j != drop) copy(in.b(j), out.b(r++));
    return out;
  };
  while (changed) {
    changed = false;
    for (char side : {'a', 'b', 'd'}) {
      const std::size_t count = side == 'a' ? cur.n_a() : side == 'b' ? cur.n_b() : cur.d();
      for (std::size_t drop = 0; count > 1 && drop < count && !changed; ++drop) {
        OvInstance smaller = without(cur, side, drop);
        if (!check(smaller, seed).empty()) {
          cur = std::move(smaller);
          changed = true;
        }
      }
    }
  }
  return cur;
}

Cnf shrink(const Cnf& cnf, const CnfCheck& check, std::uint64_t seed) {
  Cnf cur = cnf;
  bool changed = true;
  while (changed) {
    changed = false;
    for (std::size_t drop = 0; cur.num_clauses() > 1 && drop < cur.num_clauses() && !changed;
         ++drop) {
      Cnf smaller(cur.num_vars());
      for (std::size_t c = 0; c < cur.num_clauses(); ++c)
        if (c != drop) smaller.add_clause(cur.clause(c));
      if (!check(smaller, seed).empty()) {
        cur = std::move(smaller);
        changed = true;
      }
    }
  }
  return cur;
}

// The checker's run bundle of an instance; a chain that throws on it (the
// counterexample may be what makes it throw) is recorded as {"error": ...}.
nlohmann::json bundle_or_error(const ReductionChecker& checker, const ProblemValue& instance,
                               std::uint64_t seed) {
  try {
    return checker.bundle(instance, seed);
  } catch (const std::exception& e) {
    return {{"error", e.what()}};
  }
}

Provenance regression_provenance(const std::string& reduction, const CheckFailure& f,
                                 const std::string& command) {
  Provenance p;
  p.family = "sethkit check counterexample (shrunk)";
  p.params = fmt::format("reduction={} family={}", reduction, f.family);
  p.seed = f.seed;
  p.command = command;
  p.extra.push_back("failure: " + f.message);
  return p;
}

void write_regression(const std::string& reduction, CheckFailure& f, const std::string& dir,
                      const std::string& extension) {
  try {
    std::filesystem::create_directories(dir);
    f.file = (std::filesystem::path(dir) / fmt::format("{}-{}.{}", reduction, f.seed, extension))
                 .string();
    write_file_atomic(f.file, f.instance);
  } catch (const std::exception&) {
    f.file.clear();  // the failure is still reported; the file could not be written
  }
}
}  // namespace

std::vector<ReductionChecker> default_checkers() {
  std::vector<ReductionChecker> out;
  out.push_back({CnfToOv::kName, nullptr,
                 [](const Cnf& cnf, std::uint64_t seed) {
                   return solver_then_oracle("sat-ov", "sat-ov-attention", cnf, seed);
                 },
                 bundle_of("sat-ov-attention")});
  out.push_back({OvToAttention::kName,
                 [](const OvInstance& ov, std::uint64_t seed) {
                   return noisy_chain("ov-attention", ov, seed);
                 },
                 nullptr, bundle_of("ov-attention")});
  out.push_back({OvToHamming::kName,
                 [](const OvInstance& ov, std::uint64_t seed) {
                   return solver_then_oracle("ov-hamming", "ov-hamming-attention", ov, seed);
                 },
                 nullptr, bundle_of("ov-hamming-attention")});
  out.push_back({GapHammingToAttention::kName,
                 [](const OvInstance& ov, std::uint64_t seed) {
                   // The Hamming gadget's Gap-Hamming instances through both forms. The n-sink
                   // form's tolerance is 1/poly(n); where it falls below what a float64 oracle
                   // can promise, that form is skipped for the instance (a float64 oracle
                   // cannot decide it soundly, and the decoder refuses).
                   const GapHamming gap = OvToHamming().encode(ov);
                   for (SinkVariant variant : {SinkVariant::kOneSink, SinkVariant::kNSinks}) {
                     GapHammingToAttention::Params gp;
                     gp.variant = variant;
                     const AttentionCertificate c = GapHammingToAttention(gp).certificate(gap);
                     if (c.tolerated_error <= 2 * c.exact_oracle_error) continue;
                     const std::string p = noisy_chain(variant == SinkVariant::kOneSink
                                                           ? "gap-hamming-attention"
                                                           : "gap-hamming-attention-n-sinks",
                                                       gap, seed);
                     if (!p.empty()) return p;
                   }
                   return std::string();
                 },
                 nullptr, bundle_of("ov-hamming-attention")});
  out.push_back({CnfToThreeOv::kName, nullptr,
                 [](const Cnf& cnf, std::uint64_t seed) {
                   return solver_then_oracle("sat-3ov", "sat-3ov-transformer", cnf, seed,
                                             transformer_options(seed));
                 },
                 bundle_of("sat-3ov-transformer", transformer_options)});
  out.push_back({ThreeOvToTransformer::kName, nullptr,
                 [](const Cnf& cnf, std::uint64_t seed) {
                   return noisy_chain("sat-3ov-transformer", cnf, seed,
                                      transformer_options(seed + 1));
                 },
                 bundle_of("sat-3ov-transformer",
                           [](std::uint64_t seed) { return transformer_options(seed + 1); })});
  out.push_back({OvToAttentionGradient::kName,
                 [](const OvInstance& ov, std::uint64_t seed) {
                   return noisy_chain("ov-attention-gradient", ov, seed);
                 },
                 nullptr, bundle_of("ov-attention-gradient")});
  out.push_back({OvToGapMaxIp::kName,
                 [](const OvInstance& ov, std::uint64_t) {
                   // The step alone, answered by brute-force Max-IP; the chain through
                   // attention is gap-max-ip-to-attention's check.
                   if (std::string p = pcp_gap_problem(ov); !p.empty()) return p;
                   return chain_problem(run_checked("ov-pcp", ov, ChainOptions{}));
                 },
                 nullptr, bundle_of("ov-pcp-attention")});
  out.push_back({GapMaxIpToHamming::kName,
                 [](const OvInstance& ov, std::uint64_t seed) {
                   return solver_then_oracle("ov-pcp-hamming", "ov-pcp-hamming-attention", ov,
                                             seed);
                 },
                 nullptr, bundle_of("ov-pcp-hamming-attention")});
  out.push_back({GapMaxIpToAttention::kName,
                 [](const OvInstance& ov, std::uint64_t seed) {
                   return noisy_chain("ov-pcp-attention", ov, seed);
                 },
                 nullptr, bundle_of("ov-pcp-attention")});
  out.push_back({OvToDiameter::kName,
                 [](const OvInstance& ov, std::uint64_t seed) {
                   return noisy_chain("ov-diameter", ov, seed);
                 },
                 nullptr, bundle_of("ov-diameter")});
  return out;
}

CheckResult run_check(const ReductionChecker& checker, const CheckParams& params,
                      const CheckProgress& progress) {
  require(params.max_size >= 1 && params.max_size <= 64, "check: --max-size must lie in [1, 64]");
  CheckResult result;
  result.reduction = checker.name;
  check_oracle() = {params.backend, params.backend_options};
  struct Reset {
    ~Reset() { check_oracle() = {}; }
  } reset;
  Stopwatch watch;
  Rng rng(params.seed);
  const std::size_t exhaustive_total =
      checker.ov ? tiny_ov_instances().size() : tiny_cnf_instances().size();
  const std::size_t total = exhaustive_total + params.trials;
  std::size_t done = 0;
  const auto fail = [&](const std::string& family, std::uint64_t seed, const std::string& msg,
                        auto&& instance) {
    CheckFailure f;
    f.family = family;
    f.seed = seed;
    f.message = msg;
    if constexpr (std::is_same_v<std::decay_t<decltype(instance)>, OvInstance>) {
      const OvInstance small = shrink(instance, checker.ov, seed);
      f.message = checker.ov(small, seed);
      f.instance = format_ov(small, regression_provenance(checker.name, f, params.command));
      write_regression(checker.name, f, params.regressions_dir, "ov");
      if (checker.bundle) f.bundle = bundle_or_error(checker, small, seed);
    } else {
      const Cnf small = shrink(instance, checker.cnf, seed);
      f.message = checker.cnf(small, seed);
      f.instance = format_dimacs(small, regression_provenance(checker.name, f, params.command));
      write_regression(checker.name, f, params.regressions_dir, "cnf");
      if (checker.bundle) f.bundle = bundle_or_error(checker, small, seed);
    }
    result.failure = std::move(f);
  };
  const auto count_truth = [&](bool yes) { ++(yes ? result.yes : result.no); };

  // Exhaustive below a tiny size.
  if (checker.ov) {
    for (const OvInstance& ov : tiny_ov_instances()) {
      count_truth(solve_ov_naive(ov).found);
      if (std::string m = checker.ov(ov, params.seed); !m.empty())
        return fail("exhaustive", params.seed, m, ov), result.seconds = watch.seconds(), result;
      ++result.exhaustive;
      if (progress && ++done % 64 == 0) progress(checker.name, done, total);
    }
  } else {
    for (const Cnf& cnf : tiny_cnf_instances()) {
      count_truth(solve_brute_force(cnf).status == SatStatus::kSat);
      if (std::string m = checker.cnf(cnf, params.seed); !m.empty())
        return fail("exhaustive", params.seed, m, cnf), result.seconds = watch.seconds(), result;
      ++result.exhaustive;
      ++done;
    }
  }
  // Random trials, a third each planted YES, planted NO and unplanted.
  std::optional<ProblemValue> last_random;
  std::uint64_t last_seed = 0;
  for (std::size_t t = 0; t < params.trials; ++t) {
    if (watch.seconds() > params.time_limit_s) {
      result.timed_out = true;
      break;
    }
    const std::uint64_t seed = params.seed * 1000003 + t;
    const int kind = static_cast<int>(t % 3);
    const char* family = kind == 0 ? "planted-yes" : kind == 1 ? "planted-no" : "random";
    std::string m;
    if (checker.ov) {
      const OvInstance ov = random_ov_instance(rng, params.max_size,
                                               kind == 0   ? OvPlant::kPlantYes
                                               : kind == 1 ? OvPlant::kForceNo
                                                           : OvPlant::kNone,
                                               seed);
      count_truth(solve_ov_naive(ov).found);
      if (!(m = checker.ov(ov, seed)).empty()) {
        fail(family, seed, m, ov);
        break;
      }
      last_random = ov;
    } else {
      // CNF: planted YES, dense (mostly NO) and sparse unplanted formulas.
      Cnf cnf = random_cnf_instance(rng, params.max_size, kind == 0, seed);
      count_truth(solve_brute_force(cnf).status == SatStatus::kSat);
      if (!(m = checker.cnf(cnf, seed)).empty()) {
        fail(family, seed, m, cnf);
        break;
      }
      last_random = std::move(cnf);
    }
    ++result.random_trials;
    last_seed = seed;
    if (progress && ++done % 16 == 0) progress(checker.name, done, total);
  }
  if (progress) progress(checker.name, total, total);
  if (checker.bundle && last_random && !result.failure)
    result.sample_bundle = bundle_or_error(checker, *last_random, last_seed);
  result.seconds = watch.seconds();
  return result;
}

std::string replay_regression(const std::string& path) {
  const std::filesystem::path p(path);
  const std::string stem = p.stem().string();
  const auto dash = stem.rfind('-');
  require(dash != std::string::npos,
          fmt::format("{}: a regression file is named <reduction>-<seed>.ov|.cnf", path));
  const std::string reduction = stem.substr(0, dash);
  const std::uint64_t seed = std::stoull(stem.substr(dash + 1));
  for (const ReductionChecker& c : default_checkers()) {
    if (c.name != reduction) continue;
    const std::string text = read_text_file(path);
    if (c.ov) return c.ov(parse_ov(text, path).instance, seed);
    return c.cnf(parse_dimacs(text, path).cnf, seed);
  }
  throw ContractError(fmt::format("{}: no checker for the reduction '{}'", path, reduction));
}

std::vector<ReductionChecker> select_checkers(const std::string& name) {
  std::vector<ReductionChecker> checkers;
  std::string names;
  std::vector<std::string> known{"all"};
  for (auto& c : default_checkers()) {
    names += (names.empty() ? "" : ", ") + c.name;
    known.push_back(c.name);
    if (name == "all" || name == c.name) checkers.push_back(c);
  }
  if (checkers.empty())
    throw ContractError(fmt::format("check: unknown reduction '{}'{}; known: {}, all", name,
                                    did_you_mean(name, known), names));
  return checkers;
}

nlohmann::json to_json(const CheckResult& r) {
  nlohmann::json j = {{"reduction", r.reduction},
                      {"exhaustive", r.exhaustive},
                      {"random_trials", r.random_trials},
                      {"yes", r.yes},
                      {"no", r.no},
                      {"timed_out", r.timed_out},
                      {"seconds", r.seconds},
                      {"ok", !r.failure},
                      {"sample_run", r.sample_bundle}};
  if (r.failure) {
    const auto& f = *r.failure;
    j["counterexample"] = {{"family", f.family}, {"seed", f.seed},         {"message", f.message},
                           {"file", f.file},     {"instance", f.instance}, {"run", f.bundle}};
  }
  return j;
}

CheckResult check_result_from_json(const nlohmann::json& j) {
  CheckResult r;
  r.reduction = j.at("reduction").get<std::string>();
  r.exhaustive = j.at("exhaustive").get<std::size_t>();
  r.random_trials = j.at("random_trials").get<std::size_t>();
  r.yes = j.at("yes").get<std::size_t>();
  r.no = j.at("no").get<std::size_t>();
  r.timed_out = j.at("timed_out").get<bool>();
  r.seconds = j.at("seconds").get<double>();
  r.sample_bundle = j.at("sample_run");
  if (j.contains("counterexample")) {
    const auto& c = j["counterexample"];
    r.failure =
        CheckFailure{c.at("family").get<std::string>(),  c.at("seed").get<std::uint64_t>(),
                     c.at("message").get<std::string>(), c.at("instance").get<std::string>(),
                     c.at("file").get<std::string>(),    c.at("run")};
  }
  return r;
}

nlohmann::json check_bundle(const CheckParams& params, const std::vector<CheckResult>& results) {
  nlohmann::json entries = nlohmann::json::array();
  std::size_t failures = 0;
  for (const CheckResult& r : results) {
    entries.push_back(to_json(r));
    failures += r.failure ? 1 : 0;
  }
  return {{"schema_version", kRunBundleSchemaVersion},
          {"kind", "check"},
          {"tool", tool_json()},
          {"command_line", command_line()},
          {"seed", params.seed},
          {"trials", params.trials},
          {"max_size", params.max_size},
          {"backend", params.backend},
          {"failures", failures},
          {"results", entries}};
}

}  // namespace sethkit
