#include "core/npy.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <bit>
#include <cctype>
#include <cmath>
#include <cstring>
#include <filesystem>

#include "core/archive_input.hpp"
#include "core/error.hpp"
#include "core/file_io.hpp"

namespace sethkit {

static_assert(std::endian::native == std::endian::little,
              "sethkit's .npy code assumes a little-endian host");

namespace {

constexpr char kMagic[] = "\x93NUMPY";

const struct {
  NpyDtype dtype;
  const char* descr;
  std::size_t size;
} kDtypes[] = {{NpyDtype::kFloat16, "<f2", 2}, {NpyDtype::kFloat32, "<f4", 4},
               {NpyDtype::kFloat64, "<f8", 8}, {NpyDtype::kInt32, "<i4", 4},
               {NpyDtype::kInt64, "<i8", 8},   {NpyDtype::kUint8, "|u1", 1},
               {NpyDtype::kBool, "|b1", 1}};

// The value text after 'key': in a NumPy header dict, up to the next top-level comma.
std::string header_field(const std::string& header, const std::string& key,
                         const std::string& name) {
  const std::string quoted = "'" + key + "'";
  const auto at = header.find(quoted);
  if (at == std::string::npos)
    throw InputError(name, fmt::format("npy header has no '{}' field", key));
  auto pos = header.find(':', at + quoted.size());
  if (pos == std::string::npos)
    throw InputError(name, fmt::format("npy header: expected ':' after '{}'", key));
  ++pos;
  while (pos < header.size() && header[pos] == ' ') ++pos;
  std::size_t end = pos;
  int depth = 0;
  while (end < header.size()) {
    const char ch = header[end];
    if (ch == '(') ++depth;
    if (ch == ')') --depth;
    if ((ch == ',' && depth == 0) || ch == '}') break;
    ++end;
  }
  std::string value = header.substr(pos, end - pos);
  while (!value.empty() && value.back() == ' ') value.pop_back();
  return value;
}

std::vector<std::uint64_t> parse_shape(const std::string& text, const std::string& name) {
  if (text.size() < 2 || text.front() != '(' || text.back() != ')')
    throw InputError(name, fmt::format("npy header: expected a shape tuple, found '{}'", text));
  std::vector<std::uint64_t> shape;
  std::size_t pos = 1;
  while (pos < text.size() - 1) {
    while (pos < text.size() - 1 && (text[pos] == ' ' || text[pos] == ',')) ++pos;
    if (pos >= text.size() - 1) break;
    std::size_t end = pos;
    while (end < text.size() - 1 && text[end] >= '0' && text[end] <= '9') ++end;
    if (end == pos || end - pos > 18)
      throw InputError(
          name, fmt::format("npy header: expected a dimension in the shape, found '{}'", text));
    shape.push_back(std::stoull(text.substr(pos, end - pos)));
    pos = end;
  }
  return shape;
}

}  // namespace

const char* npy_descr(NpyDtype dtype) {
  for (const auto& d : kDtypes)
    if (d.dtype == dtype) return d.descr;
  return "?";
}

std::size_t npy_item_size(NpyDtype dtype) {
  for (const auto& d : kDtypes)
    if (d.dtype == dtype) return d.size;
  return 0;
}

NpyArray parse_npy(const std::string& bytes, const std::string& name, const Limits& limits) {
  if (bytes.size() < 10 || bytes.compare(0, 6, kMagic, 6) != 0)
    throw InputError(name, "expected a .npy file (magic \\x93NUMPY), found other data");
  const auto major = static_cast<unsigned char>(bytes[6]);
  if (major != 1)
    throw InputError(name, fmt::format("expected .npy format version 1.0, found {}.{}", major,
                                       static_cast<unsigned char>(bytes[7])));
  const std::size_t header_len =
      static_cast<unsigned char>(bytes[8]) |
      (static_cast<std::size_t>(static_cast<unsigned char>(bytes[9])) << 8);
  if (bytes.size() < 10 + header_len)
    throw InputError(
        name, fmt::format("npy header declares {} bytes, but the file ends first", header_len));
  const std::string header = bytes.substr(10, header_len);

  NpyArray out;
  const std::string descr = header_field(header, "descr", name);
  bool known = false;
  for (const auto& d : kDtypes)
    if (descr == std::string("'") + d.descr + "'") {
      out.dtype = d.dtype;
      known = true;
    }
  if (!known)
    throw InputError(
        name,
        fmt::format("expected dtype '<f2', '<f4', '<f8', '<i4', '<i8', '|u1' or '|b1', found {}",
                    descr));
  const std::string fortran = header_field(header, "fortran_order", name);
  if (fortran != "False" && fortran != "True")
    throw InputError(
        name, fmt::format("npy header: expected fortran_order True or False, found '{}'", fortran));
  out.fortran_order = fortran == "True";
  out.shape = parse_shape(header_field(header, "shape", name), name);

  std::uint64_t count = 1;
  for (std::size_t a = 0; a < out.shape.size(); ++a) {
    // Even an empty array's dimensions are bounded: a (0, 10^18) shape would
    // have its empty rows or columns walked.
    if (out.shape[a] > limits.max_bytes)
      throw InputError(name, fmt::format("npy shape: dimension {} is {}, above the limit of {} "
                                         "(the memory budget in bytes)",
                                         a, out.shape[a], limits.max_bytes));
    count = saturating_mul(count, out.shape[a]);
  }
  const std::uint64_t data_bytes = saturating_mul(count, npy_item_size(out.dtype));
  if (data_bytes > limits.max_bytes)
    throw InputError(name, fmt::format("npy array of {} is above the memory limit of {} "
                                       "(--max-memory)",
                                       format_bytes(data_bytes), format_bytes(limits.max_bytes)));
  const std::uint64_t available = bytes.size() - 10 - header_len;
  if (available != data_bytes)
    throw InputError(
        name, fmt::format("npy shape needs {} data bytes, the file has {}", data_bytes, available));
  out.data = bytes.substr(10 + header_len);
  return out;
}

namespace {
bool same_ignoring_case(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// The member named `wanted` (or wanted.npy), exactly or else ignoring case; -1 if none.
int find_member(const std::vector<std::pair<std::string, std::string>>& members,
                const std::string& wanted) {
  for (int pass = 0; pass < 2; ++pass)
    for (std::size_t i = 0; i < members.size(); ++i)
      for (const std::string& name : {wanted, wanted + ".npy"}) {
        const bool match =
            pass == 0 ? members[i].first == name : same_ignoring_case(members[i].first, name);
        if (match) return static_cast<int>(i);
      }
  return -1;
}
}  // namespace

NpyArray read_npy(const std::string& spec, const Limits& limits, const std::string& member) {
  std::string path = spec, wanted = member;
  bool named = false;
  std::error_code ec;
  const auto colon = spec.rfind(':');
  if (colon != std::string::npos && colon > 0 && colon + 1 < spec.size() && spec != "-" &&
      !std::filesystem::exists(spec, ec)) {
    path = spec.substr(0, colon);
    wanted = spec.substr(colon + 1);
    named = true;
  }
  const std::uint64_t max = limits.max_bytes + 65546;
  std::string bytes = read_stored_file(path, max);
  if (is_zip(bytes)) {
    const auto members = zip_members(bytes, path, max);
    std::vector<std::string> names;
    for (const auto& m : members) names.push_back(m.first);
    int at = wanted.empty() ? -1 : find_member(members, wanted);
    if (at < 0 && !named && members.size() == 1) at = 0;
    if (at < 0)
      throw InputError(
          path, fmt::format("the archive holds {}; {}", fmt::join(names, ", "),
                            named || !wanted.empty() ? fmt::format("expected a member '{}'", wanted)
                                                     : "name one as FILE.npz:NAME"));
    return parse_npy(members[static_cast<std::size_t>(at)].second,
                     path + ":" + members[static_cast<std::size_t>(at)].first, limits);
  }
  if (named)
    throw InputError(path, fmt::format("expected a .npz archive holding '{}', found {}", wanted,
                                       "another kind of file"));
  const Compression compression = detect_compression(bytes);
  if (compression != Compression::kNone) bytes = decompress(bytes, compression, path, max);
  return parse_npy(bytes, path, limits);
}

namespace {
// Element `flat` of the raw data, widened to double (float16 through Eigen::half).
double element(const NpyArray& array, std::uint64_t flat) {
  const char* p = array.data.data();
  switch (array.dtype) {
    case NpyDtype::kFloat16: {
      std::uint16_t bits;
      std::memcpy(&bits, p + 2 * flat, 2);
      return static_cast<double>(static_cast<float>(Eigen::numext::bit_cast<Eigen::half>(bits)));
    }
    case NpyDtype::kFloat32: {
      float v;
      std::memcpy(&v, p + 4 * flat, 4);
      return v;
    }
    case NpyDtype::kFloat64: {
      double v;
      std::memcpy(&v, p + 8 * flat, 8);
      return v;
    }
    case NpyDtype::kInt32: {
      std::int32_t v;
      std::memcpy(&v, p + 4 * flat, 4);
      return v;
    }
    case NpyDtype::kInt64: {
      std::int64_t v;
      std::memcpy(&v, p + 8 * flat, 8);
      return static_cast<double>(v);
    }
    case NpyDtype::kUint8:
      return static_cast<unsigned char>(p[flat]);
    case NpyDtype::kBool:
      return p[flat] != 0 ? 1.0 : 0.0;
  }
  return 0;
}
}  // namespace

Matrix npy_to_matrix(const NpyArray& array, const std::string& name) {
  if (array.shape.empty() || array.shape.size() > 2)
    throw InputError(
        name, fmt::format("expected a 1-D or 2-D array, found {} dimensions", array.shape.size()));
  const auto rows = static_cast<Eigen::Index>(array.shape[0]);
  const auto cols = static_cast<Eigen::Index>(array.shape.size() == 2 ? array.shape[1] : 1);
  Matrix m(rows, cols);
  for (Eigen::Index flat = 0; flat < rows * cols; ++flat) {
    // C order walks rows fastest-last; Fortran order walks columns.
    const Eigen::Index i = array.fortran_order ? flat % rows : flat / cols;
    const Eigen::Index j = array.fortran_order ? flat / rows : flat % cols;
    m(i, j) = element(array, static_cast<std::uint64_t>(flat));
  }
  return m;
}

MatrixStack npy_to_stack(const NpyArray& array, const std::string& name) {
  if (array.shape.size() <= 2) return {{}, {npy_to_matrix(array, name)}};
  if (array.fortran_order)
    throw InputError(name, fmt::format("expected C order for an array of {} dimensions, found "
                                       "Fortran order (np.ascontiguousarray writes C order)",
                                       array.shape.size()));
  MatrixStack stack;
  stack.leading.assign(array.shape.begin(), array.shape.end() - 2);
  const auto rows = static_cast<Eigen::Index>(array.shape[array.shape.size() - 2]);
  const auto cols = static_cast<Eigen::Index>(array.shape.back());
  // Empty matrices cost no data but an object each: their number is bounded on its own.
  constexpr std::uint64_t kMaxMatrices = 1ULL << 20;
  std::uint64_t count = 1;
  for (const auto n : stack.leading) count = saturating_mul(count, n);
  if (count > kMaxMatrices)
    throw InputError(name, fmt::format("npy shape: {} matrices over the leading dimensions, above "
                                       "the limit of {}",
                                       count, kMaxMatrices));
  stack.items.reserve(static_cast<std::size_t>(count));
  // Entries by their flat index, so an empty matrix (rows x 0) costs no loop.
  const std::uint64_t entries = static_cast<std::uint64_t>(rows) * static_cast<std::uint64_t>(cols);
  std::uint64_t flat = 0;
  for (std::uint64_t item = 0; item < count; ++item) {
    Matrix m(rows, cols);
    for (std::uint64_t e = 0; e < entries; ++e, ++flat)
      m(static_cast<Eigen::Index>(e / static_cast<std::uint64_t>(cols)),
        static_cast<Eigen::Index>(e % static_cast<std::uint64_t>(cols))) = element(array, flat);
    stack.items.push_back(std::move(m));
  }
  return stack;
}

namespace {
void require_writable(const Matrix& m, NpyDtype dtype) {
  require(m.allFinite(), "format_npy: refusing to write a matrix with NaN or infinite entries");
  require(dtype != NpyDtype::kFloat16,
          "format_npy: sethkit writes float32 or float64, not float16");
  if (dtype == NpyDtype::kInt32 || dtype == NpyDtype::kInt64 || dtype == NpyDtype::kUint8) {
    const double hi = dtype == NpyDtype::kUint8   ? 255.0
                      : dtype == NpyDtype::kInt32 ? 2147483647.0
                                                  : 9.0e18;
    const double lo = dtype == NpyDtype::kUint8 ? 0.0 : -hi;
    require(
        (m.array() == m.array().round()).all() && m.minCoeff() >= lo && m.maxCoeff() <= hi,
        fmt::format("format_npy: dtype {} needs integers in [{}, {}]", npy_descr(dtype), lo, hi));
  }
}

// Magic, version 1.0 and the padded header for `shape`.
std::string npy_header(NpyDtype dtype, const std::vector<std::uint64_t>& shape) {
  std::string dims;
  for (const auto n : shape) dims += fmt::format("{}, ", n);
  if (shape.size() > 1) dims.resize(dims.size() - 2);  // (n,) keeps its comma; (a, b) does not
  if (shape.size() == 1) dims.pop_back();
  std::string header = fmt::format("{{'descr': '{}', 'fortran_order': False, 'shape': ({}), }}",
                                   npy_descr(dtype), dims);
  const std::size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  require(header.size() <= 65535, "format_npy: header too long for format 1.0");
  std::string out(kMagic, 6);
  out += '\x01';
  out += '\x00';
  out += static_cast<char>(header.size() & 0xff);
  out += static_cast<char>(header.size() >> 8);
  out += header;
  return out;
}

// Appends m's entries in C order.
void append_values(std::string& out, const Matrix& m, NpyDtype dtype) {
  const std::size_t item = npy_item_size(dtype);
  const std::size_t start = out.size();
  out.resize(start + item * static_cast<std::size_t>(m.size()));
  char* p = out.data() + start;
  for (Eigen::Index i = 0; i < m.rows(); ++i)
    for (Eigen::Index j = 0; j < m.cols(); ++j, p += item) {
      const double v = m(i, j);
      switch (dtype) {
        case NpyDtype::kFloat32: {
          const float f = static_cast<float>(v);
          std::memcpy(p, &f, 4);
          break;
        }
        case NpyDtype::kFloat64:
          std::memcpy(p, &v, 8);
          break;
        case NpyDtype::kInt32: {
          const auto x = static_cast<std::int32_t>(std::llround(v));
          std::memcpy(p, &x, 4);
          break;
        }
        case NpyDtype::kInt64: {
          const auto x = static_cast<std::int64_t>(std::llround(v));
          std::memcpy(p, &x, 8);
          break;
        }
        case NpyDtype::kUint8:
          *p = static_cast<char>(static_cast<unsigned char>(std::lround(v)));
          break;
        case NpyDtype::kBool:
          *p = v != 0.0 ? 1 : 0;
          break;
        case NpyDtype::kFloat16:
          break;  // refused by require_writable
      }
    }
}
}  // namespace

std::string format_npy(const Matrix& m, NpyDtype dtype, bool one_dimensional) {
  require(!one_dimensional || m.cols() == 1,
          "format_npy: a 1-D array needs a single-column matrix");
  require_writable(m, dtype);
  const std::vector<std::uint64_t> shape =
      one_dimensional ? std::vector<std::uint64_t>{static_cast<std::uint64_t>(m.rows())}
                      : std::vector<std::uint64_t>{static_cast<std::uint64_t>(m.rows()),
                                                   static_cast<std::uint64_t>(m.cols())};
  std::string out = npy_header(dtype, shape);
  append_values(out, m, dtype);
  return out;
}

std::string format_npy_stack(const MatrixStack& stack, NpyDtype dtype, bool one_dimensional) {
  require(!stack.items.empty(), "format_npy_stack: no matrices");
  if (stack.leading.empty()) return format_npy(stack.items.front(), dtype, one_dimensional);
  std::vector<std::uint64_t> shape = stack.leading;
  const Matrix& first = stack.items.front();
  shape.push_back(static_cast<std::uint64_t>(first.rows()));
  if (!one_dimensional) shape.push_back(static_cast<std::uint64_t>(first.cols()));
  std::string out = npy_header(dtype, shape);
  for (const Matrix& m : stack.items) {
    require(m.rows() == first.rows() && m.cols() == first.cols(),
            "format_npy_stack: every matrix needs the same shape");
    require(!one_dimensional || m.cols() == 1,
            "format_npy_stack: a 1-D item needs a single-column matrix");
    require_writable(m, dtype);
    append_values(out, m, dtype);
  }
  return out;
}

void write_npy(const std::string& path, const Matrix& m, NpyDtype dtype, bool one_dimensional) {
  write_file_atomic(path, format_npy(m, dtype, one_dimensional));
}

}  // namespace sethkit
