// Eigen's own threading, switched off: sethkit parallelises with OpenMP at
// its own level (query blocks, key tiles, feature blocks), and the products
// it makes outside those loops (naive's row blocks, poly's causal running
// sums) run on one thread. Eigen 3.4.0 splits a product made outside a
// parallel region across threads that synchronise through volatile flags;
// under the sanitizer build, with two processes on two cores, that gave wrong
// products from run to run (poly's causal passes off by 0.4). Every entry
// point calls this first: the command-line tool, the test runner and the
// Python module; a program linking the library should too (docs/install.md).
#pragma once

namespace sethkit {

void disable_eigen_threads();

}  // namespace sethkit
