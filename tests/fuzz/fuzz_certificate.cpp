// Fuzz target: certificate.json as `decode` reads it (chain/decode_output.hpp):
// the JSON, the attention or transformer certificate inside it, and decoding
// an output of the shape the certificate claims (when small). Any input is
// decoded or refused with an InputError naming the file.
#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

#include "chain/decode_output.hpp"
#include "core/error.hpp"
#include "core/matrix.hpp"

namespace {
// The output shape the certificate claims, when it can be read and is small.
sethkit::Matrix output_for(const nlohmann::json& cert) {
  Eigen::Index rows = 1, cols = 1;
  for (const char* key : {"ov_to_attention", "gap_hamming_to_attention"})
    if (cert.contains(key) && cert[key].is_object()) {
      const auto& c = cert[key];
      if (c.contains("n_q") && c["n_q"].is_number_unsigned()) rows = c["n_q"].get<Eigen::Index>();
      if (c.contains("d_v") && c["d_v"].is_number_unsigned()) cols = c["d_v"].get<Eigen::Index>();
    }
  if (cert.contains("3ov_to_transformer") && cert["3ov_to_transformer"].is_object()) {
    const auto& c = cert["3ov_to_transformer"];
    if (c.contains("tokens") && c["tokens"].is_number_unsigned())
      rows = c["tokens"].get<Eigen::Index>();
    if (c.contains("width") && c["width"].is_number_unsigned())
      cols = c["width"].get<Eigen::Index>();
  }
  if (rows < 1 || cols < 1 || rows > 4096 || cols > 4096 || rows * cols > 65536) rows = cols = 1;
  return sethkit::Matrix::Constant(rows, cols, 0.25);
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  nlohmann::json cert;
  try {
    cert = nlohmann::json::parse(data, data + size);
  } catch (const nlohmann::json::exception&) {  // parse_error, or out_of_range (1e999)
    return 0;  // decode refuses it as "not valid JSON" before this point
  }
  try {
    sethkit::decode_output(output_for(cert), cert, "certificate.json", nullptr, {});
  } catch (const sethkit::InputError&) {
  }
  return 0;
}
