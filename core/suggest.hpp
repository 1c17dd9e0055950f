// "Did you mean": the known name closest to a mistyped one, for the one-line
// errors about an unknown command, chain, backend, problem or reduction. The
// distance is Damerau-Levenshtein (insertions, deletions, substitutions and
// swaps of neighbours, each 1); a name counts as close within a third of its
// length (at least 1, at most 3), or when one name starts with the other.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace sethkit {

// The edit distance between a and b (optimal string alignment).
std::size_t edit_distance(const std::string& a, const std::string& b);

// The closest of `known` to `name` when it is close (above), else nullopt;
// the first of equally close names.
std::optional<std::string> closest_name(const std::string& name,
                                        const std::vector<std::string>& known);

// "; did you mean 'x'?" for the closest name, or "".
std::string did_you_mean(const std::string& name, const std::vector<std::string>& known);

}  // namespace sethkit
