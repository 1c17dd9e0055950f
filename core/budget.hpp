// The memory and time budgets an expensive command checks before it starts
// working (docs/cli.md, "Budgets and progress").
//
// One budget per process: --max-memory (default: half the machine's physical
// memory) and --max-seconds (default: none). Readers cap any input whose size
// is not known in advance (standard input, pipes, devices, decompressed
// streams) at a quarter of the memory budget, since parsing holds both the
// text and what it describes. Limits (core/limits.hpp) take their byte limit
// from here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sethkit {

struct Budget {
  std::uint64_t max_bytes = 0;  // memory one run may plan for
  double max_seconds = 0;       // estimated time one run may plan for; 0: no limit
};

// The machine's physical memory in bytes (sysconf), or 8 GiB when unknown.
std::uint64_t physical_memory_bytes();

// The process's budget; the first call sets the defaults.
const Budget& process_budget();
void set_process_budget(const Budget& budget);

// The most bytes an input of unknown size may bring: a quarter of the budget.
std::uint64_t input_byte_limit();

// "512M", "16G", "1.5T", "4096" (bytes; K, M, G, T are powers of 1024, an
// optional trailing "iB" or "B" is accepted); nothing when not a size.
std::optional<std::uint64_t> parse_byte_size(std::string_view text);

// "13.6 GiB", "512 MiB", "900 bytes".
std::string format_bytes(std::uint64_t bytes);
// "0.4 s", "3 min", "2.1 h", "5.3 days".
std::string format_seconds(double seconds);

// A plan's estimates, which are doubles: bytes as a byte count (0 for NaN or
// a negative figure, saturating near 2^64), and a count as "2^16" (a power of
// two from 1024), "3.36e+07" (from 10^7) or the integer.
std::uint64_t estimated_bytes(double bytes);
std::string format_count(double n);

}  // namespace sethkit
