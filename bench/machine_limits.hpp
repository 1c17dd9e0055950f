// The machine's limits the attention and OV figures are set against
// (docs/performance.md, "The limits"), measured in the same run on both
// cores: the rate of flash's tile products with Eigen (the GEMMs flash
// calls, on its tile shapes), of Eigen's vectorised exp on L1-resident
// floats, and of the OV solver's AND-and-test loop on L1-resident rows
// (no memory traffic, no packing); each the fastest of its repeats, as a
// limit is the best the machine does. The machine's sgemm rate comes from
// OpenBLAS through NumPy (bench/peers.py sgemm).
#pragma once

namespace sethkit::bench {

// Rows: limits,<subject>,0,d,<metric>,<value>.
void machine_limits(int repeats);

}  // namespace sethkit::bench
