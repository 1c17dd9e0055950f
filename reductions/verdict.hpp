// Decoded answers of reductions: YES, NO, or AMBIGUOUS when an oracle output
// falls between the YES and NO bounds (the oracle's error exceeded what it
// claimed, so no decision is trusted). An ambiguous answer is never decided.
#pragma once

namespace sethkit {

enum class Verdict { kYes, kNo, kAmbiguous };

inline const char* to_string(Verdict v) {
  switch (v) {
    case Verdict::kYes:
      return "yes";
    case Verdict::kNo:
      return "no";
    case Verdict::kAmbiguous:
      return "ambiguous";
  }
  return "ambiguous";
}

}  // namespace sethkit
