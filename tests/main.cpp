// Catch2 2.x test runner: Eigen's own threading off first, as in every entry
// point (core/eigen_threads.hpp).
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "core/eigen_threads.hpp"

int main(int argc, char** argv) {
  sethkit::disable_eigen_threads();
  return Catch::Session().run(argc, argv);
}
