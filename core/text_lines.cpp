#include "core/text_lines.hpp"

#include <charconv>
#include <string>

namespace sethkit {

std::optional<std::string_view> LineScanner::next() {
  if (pos_ >= buffer_.size()) return std::nullopt;
  const std::size_t end = buffer_.find('\n', pos_);
  std::string_view line =
      end == std::string_view::npos ? buffer_.substr(pos_) : buffer_.substr(pos_, end - pos_);
  pos_ = end == std::string_view::npos ? buffer_.size() : end + 1;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  ++line_;
  return line;
}

std::vector<Token> tokenize(std::string_view line) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i >= line.size()) break;
    const std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    out.push_back({line.substr(start, i - start), start + 1});
  }
  return out;
}

std::string_view trim_left(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  return line.substr(i);
}

std::optional<std::int64_t> parse_int(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return std::nullopt;
  std::int64_t value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

std::string shown(std::string_view text) {
  std::string out;
  for (char ch : text.substr(0, 20)) out += (ch >= 32 && ch < 127) ? ch : '?';
  if (text.size() > 20) out += "...";
  return out;
}

}  // namespace sethkit
