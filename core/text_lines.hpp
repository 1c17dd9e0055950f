// Line and token scanning shared by the text readers (DIMACS, OV).
//
// Splits a buffer into lines (LF or CRLF, a missing final newline accepted)
// and a line into whitespace-separated tokens, each with its 1-based line and
// column, so that every parse error can point at the exact place.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace sethkit {

struct Token {
  std::string_view text;
  std::size_t column;  // 1-based
};

class LineScanner {
 public:
  explicit LineScanner(std::string_view buffer) : buffer_(buffer) {}

  // The next line without its terminator (and without a trailing CR), or
  // nothing at the end of the buffer. line_number() is then that line's number.
  std::optional<std::string_view> next();
  std::size_t line_number() const { return line_; }

 private:
  std::string_view buffer_;
  std::size_t pos_ = 0;
  std::size_t line_ = 0;
};

std::vector<Token> tokenize(std::string_view line);

// The line with leading spaces and tabs removed.
std::string_view trim_left(std::string_view line);

// Parses a decimal integer that fits in int64 (optional leading '-' or '+');
// nothing on any other text.
std::optional<std::int64_t> parse_int(std::string_view text);

// A token shortened for an error message: at most 20 characters, non-printable
// bytes shown as '?'.
std::string shown(std::string_view text);

}  // namespace sethkit
