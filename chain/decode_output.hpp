// `decode`'s library side: an oracle's output, computed anywhere (PyTorch, a
// GPU kernel, another library), read back against the certificate.json that
// `reduce` wrote, with the certificate's own rule:
//   attention targets (ov-to-attention, gap-hamming-to-attention[-n-sinks]):
//     row i is YES if out[i, 0] <= yes_bound + e, NO if >= no_bound - e, and
//     ambiguous otherwise, for an oracle error e below the certificate's
//     tolerance (docs/reductions/ov_to_attention.md, "Decoding");
//   the transformer target (3ov-to-transformer): YES iff the smallest ACC
//     entry over the real tokens is below K - 1/4.
// With the source file, a witness is mapped back to it and put through the
// independent checker: an orthogonal pair of the OV, a satisfying assignment
// of the CNF (through the certificate's variable split), a pair within t of
// the Gap-Hamming instance. The verdict holds only if the oracle's entrywise
// error is at most the assumed e; rows outside both ranges say it was not.
#pragma once

#include <cstddef>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/instance_file.hpp"
#include "core/matrix.hpp"
#include "core/problem.hpp"
#include "reductions/verdict.hpp"

namespace sethkit {

struct DecodeOptions {
  // The oracle error the rule assumes; default: just below the certificate's
  // tolerance, the most any sound decision can allow.
  std::optional<double> assumed_error;
};

struct DecodedOutput {
  std::string reduction;  // the certificate's
  Verdict verdict = Verdict::kAmbiguous;
  double assumed_error = 0, tolerated_error = 0, threshold = 0;
  double margin = 0;  // how much more error would not change the verdict
  std::vector<std::size_t> yes_rows, ambiguous_rows;
  std::string note;                // why ambiguous, or what the witness step found
  std::optional<Witness> witness;  // on the source problem, when a source was given
  bool witness_checked = false;    // the independent checker accepted it
  std::string source_problem;      // "cnf-sat", "ov", "gap-hamming", or "" without a source
};

// certificate.json as `reduce` wrote it (at most 64 MiB); InputError naming the
// file when it is not valid JSON.
nlohmann::json read_certificate(const std::string& path);

// `output` is the oracle's n_q x d_v result (attention) or X_L (transformer);
// `certificate` the parsed certificate.json at `certificate_path`. InputError
// naming the file for a shape that does not match, a certificate without a
// decodable target, or a source that is not the one the certificate was made
// from (its content hash differs).
DecodedOutput decode_output(const Matrix& output, const nlohmann::json& certificate,
                            const std::string& certificate_path, const SourceFile* source,
                            const DecodeOptions& options);

// The decoded answer as JSON (verdict, rows, margin, witness and its check).
nlohmann::json to_json(const DecodedOutput& decoded);

}  // namespace sethkit
