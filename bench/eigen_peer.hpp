// The C++ peer of flash: what a careful Eigen user writes for attention,
// softmax(Q K^T scale) V with Eigen's products (OpenMP-parallel, all threads)
// and its vectorised row-wise softmax, in float32, materialising the n x n
// matrix (allocated once per size, as a caller reusing its buffers does).
// Same grid and inputs as flash-grid.
#pragma once

namespace sethkit::bench {

// Rows: flash,eigen,n,d,seconds,<median>; info,eigen,0,0,threads,<Eigen::nbThreads()>.
void eigen_peer_grid(int repeats);

}  // namespace sethkit::bench
