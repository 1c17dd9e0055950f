#include "core/eigen_threads.hpp"

#include <Eigen/Core>

namespace sethkit {

void disable_eigen_threads() {
  Eigen::setNbThreads(1);
}

}  // namespace sethkit
