// glibc's allocator told to keep what the program frees for its next
// allocation instead of giving it back to the system at once: blocks up to
// 32 MiB come from the heap (not a fresh mapping each), and the heap is not
// trimmed after each free. Passes that allocate n x d buffers afresh (conv's
// products, the approximate backends) otherwise pay a page fault for every
// 4 KiB they touch, every call: conv's gradient took 0.30 s against 0.15 s
// at n = 2^16 (docs/performance.md). The command-line tool calls this first,
// as a long-lived process's allocator would arrange; the library does not.
#pragma once

namespace sethkit {

void keep_freed_memory();

}  // namespace sethkit
