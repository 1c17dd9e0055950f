// Benchmarks of the attention backward pass (issue targets in
// docs/performance.md, "The attention backward pass"), CSV rows as
// bench/bench_rows.hpp:
//   gradient         flash (float32) backward beside its forward at n = 8192,
//                    d = 64, with and without the causal mask; poly's gradient
//                    beside flash's backward at d = 8, entries in [-1, 1],
//                    target error 1e-3 and 1e-4 (gradient bound <= 1e-3),
//                    n = 2^12 .. 2^max (flash to 2^17), with
//                    the gradient's error on sampled rows; conv's gradient on
//                    4-conv inputs (d = d_v = 8) at n = 2^12 .. 2^max.
//   backward-memory  peak resident memory of flash's forward and backward at n, d = 64.
#pragma once

namespace sethkit::bench {

void gradient_rows(int repeats, int max_log_n);
void backward_memory(long n);

}  // namespace sethkit::bench
