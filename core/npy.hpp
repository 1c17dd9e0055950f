// The NumPy .npy format, version 1.0 (docs/formats.md).
//
// Written by hand because no Debian package provides it: magic "\x93NUMPY",
// version 1.0, a little-endian uint16 header length, an ASCII dict header
// padded with spaces to a multiple of 64 bytes and ending in '\n', then the raw
// little-endian data. Reads float32/float64/int32/int64/uint8/bool in C or
// Fortran order, 1-D or 2-D; writes C order. Sizes are checked before use.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/limits.hpp"
#include "core/matrix.hpp"

namespace sethkit {

enum class NpyDtype { kFloat32, kFloat64, kInt32, kInt64, kUint8, kBool };

// "<f4", "<f8", "<i4", "<i8", "|u1", "|b1".
const char* npy_descr(NpyDtype dtype);
std::size_t npy_item_size(NpyDtype dtype);

struct NpyArray {
  NpyDtype dtype = NpyDtype::kFloat64;
  std::vector<std::uint64_t> shape;
  bool fortran_order = false;
  std::string data;  // raw bytes, shape-product x item size
};

NpyArray parse_npy(const std::string& bytes, const std::string& name, const Limits& limits = {});
NpyArray read_npy(const std::string& path, const Limits& limits = {});

// A 2-D array as a double matrix (rows x cols); a 1-D array of length n as n x 1.
Matrix npy_to_matrix(const NpyArray& array, const std::string& name);

// The bytes of a .npy file holding `m` (rows x cols) in C order, or a 1-D array
// of length rows when `one_dimensional` (m must then have one column).
std::string format_npy(const Matrix& m, NpyDtype dtype, bool one_dimensional = false);
void write_npy(const std::string& path, const Matrix& m, NpyDtype dtype = NpyDtype::kFloat64,
               bool one_dimensional = false);

}  // namespace sethkit
