// LocTree: the network tree of a libloc database (format version 1,
// libloc/format.h), read from a read-only mapping of the file, answering an
// address with its network's Origin (country code, AS number, drop-list
// flag) and how far that answer reaches.
//
// Why read the file ourselves: loc_database_lookup() allocates a network
// object per call and walks the 96 bits of ::ffff:0:0/96 bit by bit through
// function calls before an IPv4 address's own bits, about 1.4 us per lookup
// against 0.1-0.3 us here. tests/perf/libloc_tree_test.cc holds both to the
// same answers on a million addresses; tests/enrich/loc_tree_test.cc holds
// the flattened IPv4 table to the walk and checks what Map() refuses.
//
// The tree is a binary trie over the 128 address bits (IPv4 under
// ::ffff:0:0/96); a node has a `zero` and a `one` child (0: none) and may
// carry a network (an index into the network records, 0xffffffff: none).
// loc_database_lookup() follows the address's bits as far as the tree goes
// and answers with the deepest network on that path (the most specific one
// holding the address).
//
// Every address that shares the whole path gets the same answer, so Find()
// also reports how many leading bits that takes (the last node's depth when
// it has no children at all, else one more bit): the answer's reach. A path
// that ends above the /24 (IPv4) or /48 (IPv6) thus vouches for the block.
//
// IPv4 is flattened at open into the sorted list of ranges that share an
// answer (adjacent equal Origins merged; about 430 k ranges for the real
// database: 170 k if only countries counted, but the AS number changes far
// more often), indexed by the top 16 bits: a lookup is an index read and a
// binary search in a few cache lines instead of up to 32 dependent reads
// scattered over the 37 MB tree. Six bytes a range: the low 16 bits of its
// first address (the index holds the top 16) and its answer as a
// PackedOrigin (origin.h), whose AS index points into a table of the ~74 000
// AS numbers; 2.9 MB with AS numbers, 1.0 MB by country (12 bytes a range
// before: 5.2 and 2.0 MB). The ranges come from FlatV4Cache when an earlier
// run made them from this very file (what FlattenV4() makes is kept there: a
// change to it must bump the cache's version).
//
// Memory: the mapping is file-backed and read-only, so its pages are the page
// cache's, but each page touched counts in the process's resident set; a
// lookup touches a few pages deep in a 37 MB tree and a 15 MB network table.
// Every kPagesDropInterval walks, and while flattening, the mapping is given
// back to the kernel (MADV_DONTNEED: the pages stay cached, only the
// mapping's hold is dropped), so the resident set stays bounded.
//
// Not thread-safe (Find() counts its walks); one tree per CountryDb.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/ip_address.h"
#include "enrich/country/country_code.h"
#include "enrich/country/flat_v4_cache.h"
#include "enrich/country/origin.h"

namespace fwlog {

class LocTree {
 public:
  struct Result {
    Origin origin;    // country unknown and AS 0: no network
    int reach = 128;  // the answer holds for all addresses sharing this many bits
  };
  // Whether Map() flattens the IPv4 part (kWalk: tests compare the two).
  enum class V4 { kFlatten, kWalk };

  LocTree() = default;
  LocTree(const LocTree&) = delete;
  LocTree& operator=(const LocTree&) = delete;
  LocTree(LocTree&& other) noexcept { *this = std::move(other); }
  LocTree& operator=(LocTree&& other) noexcept;
  ~LocTree();

  // The tree of the database open on `fd`, or nullopt when the file is not
  // a version-1 database this reader understands (the caller then uses
  // loc_database_lookup()). The IPv4 ranges come from `cache` when it holds
  // them for this file (`built`: the database's creation time), else from
  // the flattening, and are then stored in `cache`.
  // `networks` false: answers carry the country only (AS 0, not
  // drop-listed), and the flat table merges ranges by country alone.
  static std::optional<LocTree> Map(int fd, const std::optional<FlatV4Cache>& cache, std::int64_t built,
                                    V4 v4 = V4::kFlatten, bool networks = true);

  // False when IPv4 is not flattened (kWalk, or a malformed tree); Find()
  // then walks the tree for IPv4 too.
  bool HasFlatV4() const { return !v4_answers_.empty(); }
  // Number of flattened IPv4 ranges (tests, docs/performance.md).
  std::size_t v4_ranges() const { return v4_answers_.size(); }

  // Starts loading the index entry an IPv4 Find() of `a` reads first.
  void PrefetchV4(std::uint32_t a) const {
    if (!v4_index_.empty()) __builtin_prefetch(&v4_index_[a >> 16]);
  }

  Result Find(const IpAddress& address);

  // The name of AS `asn` in the database's AS table (binary search over its
  // records, the name read from the string pool), empty when the table has
  // no such AS or no name: what loc_database_get_as() + loc_as_get_name()
  // answer, without their allocations and copies.
  std::string_view AsName(std::uint32_t asn) const;

  // Drops the mapping's resident pages now (for tests and benchmarks).
  void DropPages();

 private:
  struct V4Bucket {
    std::uint32_t first = 0;   // the first range starting at or after h << 16
    std::uint32_t answer = 0;  // the answer of the last range starting before h << 16
  };

  // The flattened IPv4 part; empty when the tree is malformed.
  FlatV4Cache::Table FlattenV4();
  // Takes `table` (ascending from 0, as FlattenV4() makes it) as the flat IPv4 part.
  void UseFlatV4(FlatV4Cache::Table table);
  Origin Unpack(std::uint32_t answer) const {
    return Origin(PackedOrigin::Code(answer), v4_asns_[PackedOrigin::AsIndex(answer)],
                  PackedOrigin::DropListed(answer));
  }
  Result FindV4(std::uint32_t a) const;
  Origin OriginOf(std::uint32_t network);
  std::uint32_t Field(std::uint32_t node, int field) const;
  std::uint32_t Child(std::uint32_t node, int bit) const { return Field(node, bit); }

  unsigned char* map_ = nullptr;
  std::size_t size_ = 0;
  const unsigned char* nodes_ = nullptr;
  std::size_t node_count_ = 0;
  const unsigned char* networks_ = nullptr;
  std::size_t network_count_ = 0;
  const unsigned char* as_records_ = nullptr;  // struct loc_database_as_v1, by number
  std::size_t as_count_ = 0;
  const unsigned char* pool_ = nullptr;  // the string pool: NUL-terminated strings
  std::size_t pool_size_ = 0;
  std::uint32_t v4_node_ = 0;  // where IPv4 paths start (depth v4_level_, normally 96)
  int v4_level_ = 0;
  std::uint32_t v4_network_ = 0;                     // the deepest network above v4_node_ (normally none)
  std::vector<std::uint16_t> v4_lows_;               // each range's first address, its low 16 bits
  std::vector<std::uint32_t> v4_answers_;            // each range's answer, a PackedOrigin
  std::vector<std::uint32_t> v4_asns_;               // the AS numbers the answers index
  std::vector<V4Bucket> v4_index_;                   // [h], h = 0..65536
  std::vector<std::optional<CountryCode>> decoded_;  // OriginOf()'s memo of codes by their two bytes
  std::uint64_t walks_ = 0;
  bool networks_on_ = true;
};

}  // namespace fwlog
