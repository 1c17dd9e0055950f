// .npy v1.0 (docs/formats.md): the golden 2 x 3 float64 layout, round trips
// for every dtype, Fortran order, float16 widening, N-D stacks, and refusal
// of malformed files.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>

#include "core/error.hpp"
#include "core/npy.hpp"

using namespace sethkit;

TEST_CASE("npy: golden 2 x 3 <f8 layout", "[npy]") {
  Matrix m(2, 3);
  m << 1, 2, 3, 4, 5, 6;
  const std::string bytes = format_npy(m, NpyDtype::kFloat64);
  CHECK(bytes.size() == 176);
  CHECK(bytes.substr(0, 6) == "\x93NUMPY");
  CHECK(bytes[6] == 1);
  CHECK(bytes[7] == 0);
  const unsigned header_len =
      static_cast<unsigned char>(bytes[8]) | (static_cast<unsigned char>(bytes[9]) << 8);
  CHECK(header_len == 118);
  CHECK(bytes.substr(10, 59) == "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }");
  CHECK(bytes[127] == '\n');
  double second;
  std::memcpy(&second, bytes.data() + 128 + 8, 8);
  CHECK(second == 2.0);  // C order: row 0 is 1, 2, 3
}

TEST_CASE("npy: round trip for every dtype and 1-D arrays", "[npy]") {
  Matrix m(3, 2);
  m << 0, 1, 1, 0, 1, 1;
  for (auto dtype : {NpyDtype::kFloat32, NpyDtype::kFloat64, NpyDtype::kInt32, NpyDtype::kInt64,
                     NpyDtype::kUint8, NpyDtype::kBool}) {
    const auto array = parse_npy(format_npy(m, dtype), "m.npy");
    CHECK(array.dtype == dtype);
    CHECK(npy_to_matrix(array, "m.npy") == m);
  }
  Matrix col(4, 1);
  col << 1.5, -2.25, 3, 0;
  const auto array = parse_npy(format_npy(col, NpyDtype::kFloat64, true), "v.npy");
  CHECK(array.shape == std::vector<std::uint64_t>{4});
  CHECK(npy_to_matrix(array, "v.npy") == col);
  const std::string one_d = format_npy(col, NpyDtype::kFloat64, true);
  const unsigned header_len =
      static_cast<unsigned char>(one_d[8]) | (static_cast<unsigned char>(one_d[9]) << 8);
  CHECK((10 + header_len) % 64 == 0);
  CHECK(one_d.find("'shape': (4,), }") != std::string::npos);
}

TEST_CASE("npy: Fortran order is read column by column", "[npy]") {
  Matrix m(2, 3);
  m << 1, 2, 3, 4, 5, 6;
  std::string bytes = format_npy(m, NpyDtype::kFloat64);
  const std::string c_header = "'fortran_order': False";
  bytes.replace(bytes.find(c_header), c_header.size(), "'fortran_order': True ");
  const double column_major[] = {1, 4, 2, 5, 3, 6};
  std::memcpy(bytes.data() + 128, column_major, sizeof column_major);
  CHECK(npy_to_matrix(parse_npy(bytes, "f.npy"), "f.npy") == m);
}

TEST_CASE("npy: malformed files are refused", "[npy]") {
  Matrix m(2, 2);
  m << 1, 2, 3, 4;
  const std::string good = format_npy(m, NpyDtype::kFloat64);
  CHECK_THROWS_WITH(parse_npy("hello", "x.npy"),
                    Catch::Contains("x.npy") && Catch::Contains("magic"));
  CHECK_THROWS_WITH(parse_npy(good.substr(0, good.size() - 1), "x.npy"),
                    Catch::Contains("data bytes"));
  std::string big_endian = good;
  big_endian.replace(big_endian.find("<f8"), 3, ">f8");
  CHECK_THROWS_WITH(parse_npy(big_endian, "x.npy"), Catch::Contains("expected dtype"));
  std::string v2 = good;
  v2[6] = 2;
  CHECK_THROWS_WITH(parse_npy(v2, "x.npy"), Catch::Contains("version 1.0"));
  std::string huge = good;
  huge.replace(huge.find("(2, 2)"), 6, "(99999999999, 99999)");
  CHECK_THROWS_WITH(parse_npy(huge, "x.npy"), Catch::Contains("limit"));
  std::string three_d = format_npy(m, NpyDtype::kFloat64);
  three_d.replace(three_d.find("(2, 2), "), 8, "(1,2,2),");
  CHECK_THROWS_WITH(npy_to_matrix(parse_npy(three_d, "x.npy"), "x.npy"),
                    Catch::Contains("1-D or 2-D"));
}

TEST_CASE("npy: the writer refuses NaN and non-integers for integer dtypes", "[npy]") {
  Matrix m(1, 2);
  m << 1, std::nan("");
  CHECK_THROWS_AS(format_npy(m, NpyDtype::kFloat64), ContractError);
  m << 1, 2.5;
  CHECK_THROWS_AS(format_npy(m, NpyDtype::kInt32), ContractError);
  m << 1, 300;
  CHECK_THROWS_AS(format_npy(m, NpyDtype::kUint8), ContractError);
}

TEST_CASE("require_finite names the file and the entry", "[npy]") {
  Matrix m = Matrix::Zero(2, 2);
  m(1, 0) = std::nan("");
  CHECK_THROWS_WITH(require_finite(m, "Q.npy"),
                    Catch::Contains("Q.npy") && Catch::Contains("entry (1, 0) is NaN"));
}

namespace {
// A .npy file with a hand-written header and raw data, as NumPy lays it out.
std::string npy_bytes(const std::string& dict, const std::string& data) {
  std::string header = dict;
  header.append((64 - (10 + header.size() + 1) % 64) % 64, ' ');
  header += '\n';
  std::string out("\x93NUMPY\x01\x00", 8);
  out += static_cast<char>(header.size() & 0xff);
  out += static_cast<char>(header.size() >> 8);
  return out + header + data;
}
}  // namespace

TEST_CASE("npy: float16 is read and widened exactly", "[npy]") {
  // IEEE half bit patterns: 1, -2, the largest finite 65504, the smallest
  // subnormal 2^-24, 1/3 rounded to half (0x3555 = 0.333251953125), -0.
  const std::uint16_t bits[] = {0x3C00, 0xC000, 0x7BFF, 0x0001, 0x3555, 0x8000};
  const std::string data(reinterpret_cast<const char*>(bits), sizeof bits);
  const auto array = parse_npy(
      npy_bytes("{'descr': '<f2', 'fortran_order': False, 'shape': (3, 2), }", data), "h.npy");
  CHECK(array.dtype == NpyDtype::kFloat16);
  const Matrix m = npy_to_matrix(array, "h.npy");
  CHECK(m(0, 0) == 1.0);
  CHECK(m(0, 1) == -2.0);
  CHECK(m(1, 0) == 65504.0);
  CHECK(m(1, 1) == std::ldexp(1.0, -24));
  CHECK(m(2, 0) == 0.333251953125);
  CHECK((m(2, 1) == 0.0 && std::signbit(m(2, 1))));
  CHECK_THROWS_WITH(format_npy(m, NpyDtype::kFloat16), Catch::Contains("not float16"));
}

TEST_CASE("npy: N-D arrays are stacks over their leading dimensions", "[npy]") {
  // shape (2, 3, 2, 2): entry (b, h, i, j) = 1000 b + 100 h + 10 i + j, C order.
  std::string data;
  for (int b = 0; b < 2; ++b)
    for (int h = 0; h < 3; ++h)
      for (int i = 0; i < 2; ++i)
        for (int j = 0; j < 2; ++j) {
          const double x = 1000 * b + 100 * h + 10 * i + j;
          data.append(reinterpret_cast<const char*>(&x), 8);
        }
  const auto array = parse_npy(
      npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3, 2, 2), }", data), "x");
  const MatrixStack stack = npy_to_stack(array, "x.npy");
  CHECK(stack.leading == std::vector<std::uint64_t>{2, 3});
  REQUIRE(stack.items.size() == 6);
  CHECK(stack.items[4](1, 0) == 1000 * 1 + 100 * 1 + 10 * 1 + 0);  // item 4 = (b 1, h 1)
  CHECK_THROWS_WITH(npy_to_matrix(array, "x.npy"), Catch::Contains("found 4 dimensions"));
  // Written back, it is the same file.
  CHECK(format_npy_stack(stack, NpyDtype::kFloat64) ==
        npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3, 2, 2), }", data));
  // One-dimensional items: shape (2, 3, 2).
  MatrixStack lse{{2, 3}, std::vector<Matrix>(6, Matrix::Ones(2, 1))};
  CHECK_THAT(format_npy_stack(lse, NpyDtype::kFloat64, true),
             Catch::Contains("'shape': (2, 3, 2), }"));
  // A 2-D array is a stack of one; Fortran order beyond 2-D is refused.
  CHECK(npy_to_stack(parse_npy(format_npy(Matrix::Ones(2, 2), NpyDtype::kFloat32), "m"), "m")
            .leading.empty());
  const auto fortran = parse_npy(
      npy_bytes("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3, 2, 2), }", data), "f");
  CHECK_THROWS_WITH(npy_to_stack(fortran, "f.npy"), Catch::Contains("expected C order"));
}
