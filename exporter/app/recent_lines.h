// RecentLines: remembers a digest of each of the last N lines read, so the
// pipeline can skip a line that arrived already — the same kernel line
// written to two followed files (kern.log and syslog) by the syslog daemon.
//
// Seen(text) answers whether an identical line is among the last N, and
// remembers this one. Fixed memory (a ring of N 64-bit digests and a table
// reserved for N), nothing allocated per line. A digest collision would skip
// a distinct line; with 64-bit digests over a few thousand lines that is
// vanishingly rare. After a restart the memory starts empty.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"

namespace fwlog {

class RecentLines {
 public:
  explicit RecentLines(std::size_t capacity);
  bool Seen(std::string_view text);

 private:
  std::vector<std::uint64_t> ring_;
  std::size_t next_ = 0;
  std::size_t size_ = 0;
  absl::flat_hash_map<std::uint64_t, std::uint32_t> counts_;  // digest -> copies in the ring
};

}  // namespace fwlog
