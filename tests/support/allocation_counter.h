// AllocationCount: heap allocations (calls of the global operator new and
// new[]) so far in this test binary. A test binary that links
// allocation_counter.cc (fwlog_unit_test(... ALLOCATION_COUNTER)) gets the
// replaced operators; the one copy serves every allocation test.
#pragma once

#include <cstddef>

namespace fwlog::testing {
std::size_t AllocationCount();
}  // namespace fwlog::testing
