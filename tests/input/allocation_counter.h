// AllocationCount: heap allocations so far in this test binary (see
// allocation_counter.cc).
#pragma once

#include <atomic>
#include <cstddef>

namespace fwlog::testing {
std::size_t AllocationCount();
}  // namespace fwlog::testing
