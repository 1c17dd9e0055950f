// Errors of sethkit (docs/architecture.md, "Conventions").
//
// InputError: bad input, with the file, line and column where it was found and
// what was expected there; its what() is one line "file:line:col: message".
// ContractError: a precondition of a function was violated by its caller
// (a bad parameter, an inconsistent shape). Expected outcomes (UNSAT, a time
// limit, an ambiguous oracle answer) are values, never exceptions.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

namespace sethkit {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class InputError : public Error {
 public:
  // line and column are 1-based; 0 means "not applicable" and is left out.
  InputError(std::string file, std::size_t line, std::size_t column, const std::string& message);
  InputError(std::string file, const std::string& message)
      : InputError(std::move(file), 0, 0, message) {}

  const std::string& file() const { return file_; }
  std::size_t line() const { return line_; }
  std::size_t column() const { return column_; }

 private:
  std::string file_;
  std::size_t line_;
  std::size_t column_;
};

class ContractError : public Error {
 public:
  using Error::Error;
};

// Throws ContractError with `message` when `condition` is false.
inline void require(bool condition, const std::string& message) {
  if (!condition) throw ContractError(message);
}

}  // namespace sethkit
