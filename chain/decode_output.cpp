#include "chain/decode_output.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/file_io.hpp"
#include "core/json_fields.hpp"
#include "core/json_report.hpp"
#include "core/verify.hpp"
#include "reductions/cnf_to_ov.hpp"
#include "reductions/gap_hamming_to_attention.hpp"
#include "reductions/ov_to_attention.hpp"
#include "reductions/row_threshold.hpp"
#include "reductions/three_ov_to_transformer.hpp"

namespace sethkit {

using nlohmann::json;

namespace {
// The source must be the file the certificate was made from.
void require_same_source(const SourceFile& source, const json& certificate,
                         const std::string& path) {
  const JsonFields recorded = JsonFields(certificate, path).object("source");
  if (recorded.text("content_sha256") != source.sha256)
    throw InputError(
        source.path,
        fmt::format("this file is not the source of {} (its content hash differs "
                    "from the certificate's, made from {})",
                    path, recorded.has("file") ? recorded.text("file") : "another file"));
}

// The OV answer (and, for a CNF source, the assignment) behind YES rows.
void witness_from_ov_rows(const SourceFile& source, const json& certificate,
                          const std::string& path, const RowDecisions& rows, const Matrix& output,
                          DecodedOutput& out) {
  std::optional<SplitOv> split;
  if (source.cnf) {
    split = CnfToOv().encode(*source.cnf);
    const JsonFields c1 = JsonFields(certificate, path).object("cnf_to_ov");
    if (c1.value("vars_a_list") != json(split->vars_a) ||
        c1.value("vars_b_list") != json(split->vars_b))
      throw InputError(path, "the certificate's variable split differs from this source's");
  }
  const OvInstance& ov = split ? split->ov : *source.ov;
  const OvDecoded d = ov_answer_from_rows(ov, rows, output, out.threshold, out.assumed_error);
  if (!d.witness) {
    if (out.verdict == Verdict::kYes) out.note = d.note;
    return;
  }
  const auto [i, j] = *d.witness;
  if (split) {
    const Assignment assignment = CnfToOv().decode(*source.cnf, *split, {i, j});
    out.witness = Witness{{i, j}, assignment};
    out.witness_checked = satisfies(*source.cnf, assignment);
  } else {
    out.witness = Witness{{i, j}, {}};
    out.witness_checked = is_orthogonal_pair(ov, i, j);
  }
}

DecodedOutput decode_attention(const Matrix& output, const json& certificate,
                               const std::string& path, const SourceFile* source,
                               const DecodeOptions& options) {
  const char* key =
      certificate.contains("ov_to_attention") ? "ov_to_attention" : "gap_hamming_to_attention";
  const AttentionCertificate c = attention_certificate_from_json(certificate[key], path, key);
  const bool expected_name = key == std::string("ov_to_attention")
                                 ? c.reduction == OvToAttention::kName
                                 : c.reduction == GapHammingToAttention::kName ||
                                       c.reduction == GapHammingToAttention::kNameNSinks;
  if (!expected_name)
    throw InputError(path, fmt::format("{}.reduction: expected the name of the reduction that "
                                       "writes \"{}\", found \"{}\"",
                                       key, key, c.reduction));
  if (output.rows() != c.n_q || output.cols() != c.d_v)
    throw InputError(path, fmt::format("the certificate is for an output of {} x {}; the output "
                                       "given is {} x {}",
                                       c.n_q, c.d_v, output.rows(), output.cols()));
  DecodedOutput out;
  out.reduction = c.reduction;
  out.tolerated_error = c.tolerated_error;
  out.threshold = c.threshold;
  out.assumed_error = options.assumed_error.value_or(c.tolerated_error * (1 - 1e-9));
  const bool n_sinks = c.reduction == GapHammingToAttention::kNameNSinks;
  const auto rows = static_cast<std::size_t>(n_sinks ? c.n_q / 2 : c.n_q - 1);
  const RowDecisions d = decide_rows(output, rows, c, out.assumed_error);
  for (std::size_t i = 0; i < rows; ++i) {
    if (d.rows[i] == Verdict::kYes) out.yes_rows.push_back(i);
    if (d.rows[i] == Verdict::kAmbiguous) out.ambiguous_rows.push_back(i);
  }
  out.verdict = d.ambiguous_rows > 0 ? Verdict::kAmbiguous
                : d.yes_rows > 0     ? Verdict::kYes
                                     : Verdict::kNo;
  out.margin = out.verdict == Verdict::kYes  ? d.min_yes_margin
               : out.verdict == Verdict::kNo ? (rows == 0 ? c.threshold : d.min_no_margin)
                                             : 0;
  out.note = d.note;
  if (!source || out.verdict != Verdict::kYes) return out;
  require_same_source(*source, certificate, path);
  out.source_problem = problem_name(problem_value(*source));
  if (source->gap) {
    const GapHammingToAttention rule({n_sinks ? SinkVariant::kNSinks : SinkVariant::kOneSink});
    AttentionInstance target;  // the decoder reads the certificate only: no Q, K, V built
    target.certificate = rule.certificate(*source->gap);
    const GapDecoded g = rule.decode(*source->gap, target, output, out.assumed_error);
    if (g.witness) {
      const auto [i, j] = *g.witness;
      out.witness = Witness{{i, j}, {}};
      out.witness_checked =
          hamming_distance(source->gap->points.a(i), source->gap->points.b(j)) <= source->gap->t;
    } else {
      out.note = g.note;
    }
    return out;
  }
  witness_from_ov_rows(*source, certificate, path, d, output, out);
  return out;
}

DecodedOutput decode_transformer(const Matrix& output, const json& certificate,
                                 const std::string& path, const SourceFile* source,
                                 const DecodeOptions& options) {
  const TransformerCertificate c =
      transformer_certificate_from_json(certificate["3ov_to_transformer"], path);
  if (output.rows() != c.tokens || output.cols() != c.width)
    throw InputError(path, fmt::format("the certificate is for an output X_L of {} x {}; the "
                                       "output given is {} x {}",
                                       c.tokens, c.width, output.rows(), output.cols()));
  if (source) require_same_source(*source, certificate, path);
  DecodedOutput out;
  out.reduction = ThreeOvToTransformer::kName;
  out.tolerated_error = c.tolerance;
  out.threshold = c.threshold;
  out.assumed_error = options.assumed_error.value_or(c.tolerance * (1 - 1e-9));
  const TransformerDecoded d = decode_transformer_output(c, output, out.assumed_error);
  out.verdict = d.verdict;
  out.margin = d.margin;
  out.note = d.note;
  if (d.verdict == Verdict::kYes) {
    out.yes_rows.push_back(d.row);
    if (source)
      out.note =
          "the witness triple needs further oracle calls on the model (verify --chain "
          "sat-3ov-transformer recovers it); decode reads one output only";
  }
  return out;
}
}  // namespace

nlohmann::json read_certificate(const std::string& path) {
  try {
    return nlohmann::json::parse(read_text_file(path, 64ULL << 20));
  } catch (const nlohmann::json::exception& e) {  // parse_error, or out_of_range (1e999)
    throw InputError(path, fmt::format("not valid JSON ({})", json_error_text(e)));
  }
}

DecodedOutput decode_output(const Matrix& output, const json& certificate,
                            const std::string& certificate_path, const SourceFile* source,
                            const DecodeOptions& options) {
  if (!certificate.is_object())
    throw InputError(certificate_path, "expected a JSON object, as sethkit reduce writes");
  try {
    if (certificate.contains("3ov_to_transformer"))
      return decode_transformer(output, certificate, certificate_path, source, options);
    if (certificate.contains("ov_to_attention") || certificate.contains("gap_hamming_to_attention"))
      return decode_attention(output, certificate, certificate_path, source, options);
  } catch (const json::exception& e) {
    // A field of the wrong type deep in the certificate: still one line naming the file.
    throw InputError(certificate_path,
                     fmt::format("a certificate field is missing or of the wrong type ({})",
                                 json_error_text(e)));
  }
  throw InputError(certificate_path,
                   "expected an \"ov_to_attention\", \"gap_hamming_to_attention\" or "
                   "\"3ov_to_transformer\" certificate, as sethkit reduce writes (a diameter "
                   "certificate has no output to decode)");
}

json to_json(const DecodedOutput& d) {
  json j = {
      {"reduction", d.reduction},
      {"verdict", to_string(d.verdict)},
      {"assumed_error", d.assumed_error},
      {"tolerated_error", d.tolerated_error},
      {"threshold", d.threshold},
      {"margin", d.margin},
      {"yes_rows", d.yes_rows},
      {"ambiguous_rows", d.ambiguous_rows},
      {"holds_if", fmt::format("the oracle's entrywise error is at most {:.6g}", d.assumed_error)}};
  if (!d.note.empty()) j["note"] = d.note;
  if (!d.source_problem.empty()) j["source_problem"] = d.source_problem;
  if (d.witness) {
    j["witness"] = {{"indices", d.witness->indices}};
    if (d.witness->assignment) j["witness"]["assignment"] = to_literals(*d.witness->assignment);
    j["witness"]["checked"] = d.witness_checked;
  }
  return j;
}

}  // namespace sethkit
