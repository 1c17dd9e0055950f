// The NumPy .npy format, version 1.0 (docs/formats.md).
//
// Written by hand because no Debian package provides it: magic "\x93NUMPY",
// version 1.0, a little-endian uint16 header length, an ASCII dict header
// padded with spaces to a multiple of 64 bytes and ending in '\n', then the raw
// little-endian data. Reads float16 (widened through Eigen::half), float32,
// float64, int32, int64, uint8 and bool; 1-D and 2-D arrays in C or Fortran
// order, and N-D arrays in C order as a stack of matrices over the leading
// dimensions (batch, heads, ...). Reads .npz archives (NumPy's savez and
// savez_compressed: a zip of .npy members, core/archive_input.hpp) and .npy
// files compressed by gzip, xz, bzip2 or zstd. Writes C order. Sizes are
// checked before use.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/limits.hpp"
#include "core/matrix.hpp"

namespace sethkit {

enum class NpyDtype { kFloat16, kFloat32, kFloat64, kInt32, kInt64, kUint8, kBool };

// "<f2", "<f4", "<f8", "<i4", "<i8", "|u1", "|b1".
const char* npy_descr(NpyDtype dtype);
std::size_t npy_item_size(NpyDtype dtype);

struct NpyArray {
  NpyDtype dtype = NpyDtype::kFloat64;
  std::vector<std::uint64_t> shape;
  bool fortran_order = false;
  std::string data;  // raw bytes, shape-product x item size
};

NpyArray parse_npy(const std::string& bytes, const std::string& name, const Limits& limits = {});
// A .npy file ("-": standard input), or one member of a .npz archive (told by
// its content): "FILE.npz:NAME" names the member (NAME or NAME.npy); plain
// "FILE.npz" takes `member` (exactly, else ignoring case) when the archive has
// it, and its only member otherwise. InputError naming the members when the
// choice is unclear.
NpyArray read_npy(const std::string& spec, const Limits& limits = {},
                  const std::string& member = "");

// A 2-D array as a double matrix (rows x cols); a 1-D array of length n as n x 1.
Matrix npy_to_matrix(const NpyArray& array, const std::string& name);

// An N-D array (N >= 2) as matrices over its last two dimensions, in C order
// of the leading ones: shape (2, 4, n, d) gives 8 matrices n x d, leading
// (2, 4). A 1-D or 2-D array gives one matrix and no leading dimensions.
struct MatrixStack {
  std::vector<std::uint64_t> leading;
  std::vector<Matrix> items;
};
MatrixStack npy_to_stack(const NpyArray& array, const std::string& name);

// The bytes of a .npy file holding `m` (rows x cols) in C order, or a 1-D array
// of length rows when `one_dimensional` (m must then have one column).
std::string format_npy(const Matrix& m, NpyDtype dtype, bool one_dimensional = false);
// The bytes of a .npy file of shape leading + (rows, cols) holding the stack
// in C order (leading + (rows,) when `one_dimensional`).
std::string format_npy_stack(const MatrixStack& stack, NpyDtype dtype,
                             bool one_dimensional = false);
void write_npy(const std::string& path, const Matrix& m, NpyDtype dtype = NpyDtype::kFloat64,
               bool one_dimensional = false);

}  // namespace sethkit
