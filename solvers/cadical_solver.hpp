// CaDiCaL (Debian's libcadical-dev) behind a small interface: the ground truth
// for every CNF chain. A time limit is enforced by a CaDiCaL Terminator and
// gives UNKNOWN. A SAT model is re-checked against the CNF with core/verify;
// a model that fails the check is a solver defect and raises Error.
// UNSAT is solver-reported: Debian's CaDiCaL writes DRAT proofs but no DRAT
// checker is packaged, so reports say proof_checked = false.
#pragma once

#include "solvers/sat_result.hpp"

namespace sethkit {

SatResult solve_cadical(const Cnf& cnf, const SatOptions& options = {});

// The version string of the linked CaDiCaL library.
const char* cadical_version();

}  // namespace sethkit
