#include "core/freed_memory.hpp"

#include <malloc.h>

namespace sethkit {

void keep_freed_memory() {
#if defined(__GLIBC__)
  mallopt(M_MMAP_THRESHOLD, 32 << 20);  // glibc's largest
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
}

}  // namespace sethkit
