// RangeTable: IP address -> name of the narrowest configured source range
// holding it (longest prefix wins), over IPv4 and IPv6 alike.
//
//   210.150.186.238/32 -> nict-notice        Lookup(210.150.186.238) == "nict-notice"
//   150.249.227.160/28 -> nict-notice        Lookup(150.249.227.170) == "nict-notice"
//   10.0.0.0/8         -> lab                Lookup(10.1.2.3)        == "lab"
//   10.9.0.0/16        -> lab-dmz            Lookup(10.9.0.1)        == "lab-dmz" (longer prefix)
//                                            Lookup(192.168.1.1)     == "private"
//                                            Lookup(8.8.8.8)         == "other"
//
// Lookup() answers "private" for addresses that are not globally routable
// (IpAddress::IsGlobal) and "other" for global addresses in no range; a named
// range wins over "private" when the user has listed a private block. IPv4 and
// IPv6 blocks are kept apart: an IPv6 block never matches an IPv4 address,
// even ::/0.
//
// Ranges come from the catalog (config/ranges/, format in its README.md):
// YAML files with a name, a description, a source link and a list of CIDRs, or
// plain files with one CIDR per line (the range is then named after the file,
// without extension). Loading refuses, with `file:line:col: message`: unknown
// YAML keys, a bad CIDR (`bad CIDR "10.0.0.1/8"`), a name used by two files, a
// reserved name (private, other, unknown), and one block listed under two
// different names (which one would win is a guess, so the user decides).
//
// Each named range may carry a category (config/ranges/README.md lists the
// vocabulary: search-engine, research-scanner, government-survey, ...);
// Match() answers it beside the name, from the same search: "unknown" for a
// named range without one, "private" and "other" as for the name.
//
// Why this layout: Lookup() runs once per log line, so it must be fast and
// must not allocate. The reference layout keeps, per family and per prefix
// length present, an open-addressing hash table of masked network -> name
// index, and probes those lengths from the longest down: one mask and one
// probe per length, the first hit is the longest match (MatchReference()).
// That is cheap for a catalog of few lengths (the NICT list: /32, /29, /28)
// but costs ~12 probes per line for the shipped scanner catalog (22 000
// blocks of 12 IPv4 lengths), mostly for sources in no range. So Load() (or
// Flatten(), after Add()) also flattens the IPv4 blocks into sorted,
// disjoint intervals (a nested block splits the one around it; the longest
// prefix wins), indexed by the first interval of each /16: a source finds
// its interval with a binary search among the few of its /16. A /16 that no
// block touches answers from a 64-Kibit bitmap at once. IPv6 keeps the
// per-length probes. tests/enrich/range_table_test.cc holds the two layouts
// to each other on the shipped catalog.
//
// Immutable after loading, so one table can serve many threads without locks.
// The views Lookup() returns stay valid while the table lives and no Add() is
// made (moving the table keeps them valid).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "absl/status/statusor.h"
#include "core/ip_address.h"

namespace fwlog {

class RangeTable {
 public:
  // What the catalog says about one named range.
  struct RangeInfo {
    std::string name;
    std::string description;  // empty when not given
    std::string source;       // a link; empty when not given
    std::string announced;    // YYYY-MM-DD when the list was published; may be empty
    std::string snapshot;     // YYYY-MM-DD of the copied data it was made from; may be empty
    std::string category;     // e.g. search-engine; empty when not given
    std::string file;         // the file it came from; empty for Add()
  };

  // The answer for one address: views of the table's own text (or of static
  // text), valid as Lookup()'s are.
  struct Hit {
    std::string_view range;     // a range's name, "private" or "other"
    std::string_view category;  // its category, "unknown", "private" or "other"
  };

  RangeTable() = default;

  // How Load() reads a catalog file's `cidrs:` list. kLineScan reads a plain
  // list of one CIDR per `- ` line itself (yaml-cpp costs ~3 us per entry)
  // and leaves any other shape to yaml-cpp; kYaml always uses yaml-cpp, the
  // reference the tests hold kLineScan to.
  enum class ListReader { kLineScan, kYaml };

  // Loads every file named, and every *.yaml/*.yml (catalog) and *.txt/*.list
  // (plain) file in every folder named, in name order; hidden files and other
  // extensions (README.md) are ignored. A file named directly is a catalog
  // when it ends in .yaml/.yml and a plain list otherwise. Errors carry
  // `file:line:col: message` (or `path: reason` when a file cannot be read).
  static absl::StatusOr<RangeTable> Load(const std::vector<std::string>& paths,
                                         ListReader reader = ListReader::kLineScan);

  // Adds one block. A later block with the same prefix replaces the name.
  // Lookups use the per-length probes until Flatten() is called again.
  void Add(const Cidr& cidr, std::string name);
  // Builds the flat IPv4 layout from the blocks added so far (Load() does).
  void Flatten();
  // Sets the category Match() answers for `name` (a name Add() has made).
  void SetCategory(std::string_view name, std::string category);

  // The name of the longest block holding `address`, else "private" or "other".
  std::string_view Lookup(const IpAddress& address) const { return Lookup(address, address.IsGlobal()); }
  // The same, for a caller that already knows `address.IsGlobal()` (the
  // Enricher learns it from the country lookup), saving that check.
  std::string_view Lookup(const IpAddress& address, bool is_global) const { return Match(address, is_global).range; }
  // The name and the category, from one search.
  Hit Match(const IpAddress& address, bool is_global) const;
  // The same from the per-length probes alone: the flat layout's reference.
  Hit MatchReference(const IpAddress& address, bool is_global) const;
  // Match() in two steps, for a caller that remembers answers in little
  // room: the number of the range holding `address` (-1: none), and the
  // Hit of such a number.
  std::int64_t RangeNumber(const IpAddress& address) const { return Find(address); }
  Hit HitOfNumber(std::int64_t number, bool is_global) const { return HitOf(number, is_global); }
  // Whether IPv4 lookups use the flat layout (Flatten() ran after the last Add()).
  bool flat() const { return flat_; }

  // Number of blocks.
  std::size_t size() const;
  // Names of the loaded ranges, sorted.
  std::vector<std::string> Names() const;
  // The catalog's description of `name`, or nullptr (also for Add()-only names).
  const RangeInfo* Info(std::string_view name) const;

 private:
  friend class RangeLoader;

  static constexpr std::uint32_t kFree = ~std::uint32_t{0};
  struct Slot {
    std::uint64_t hi = 0;        // the network's first 8 bytes, in memory order
    std::uint64_t lo = 0;        // its last 8 bytes
    std::uint32_t name = kFree;  // kFree: an empty slot
    std::uint32_t tag = 0;       // the loader's number for the block (where it was listed)
    bool used() const { return name != kFree; }
  };
  // All blocks of one prefix length: open addressing, linear probing, at most
  // half full, capacity a power of two.
  struct Level {
    int prefix128 = 0;
    std::uint64_t mask_hi = 0;
    std::uint64_t mask_lo = 0;
    std::size_t count = 0;
    std::vector<Slot> slots;
  };

  static std::size_t SlotIndex(std::uint64_t hi, std::uint64_t lo, std::size_t capacity_mask);
  // Inserts or, when `replace`, renames; returns what the slot held before
  // (left so when not `replace`), or nothing for a new block.
  static std::optional<Slot> Insert(Level& level, std::uint64_t hi, std::uint64_t lo, std::uint32_t name,
                                    std::uint32_t tag, bool replace);
  // The name index of the longest block holding `address`, or -1: from the
  // flat layout for IPv4 when built, from the per-length probes otherwise.
  std::int64_t Find(const IpAddress& address) const;
  std::int64_t FindByLevels(const IpAddress& address) const;
  std::int64_t FindFlatV4(std::uint32_t address) const;
  Hit HitOf(std::int64_t name, bool is_global) const;
  std::uint32_t NameIndex(std::string name);
  // Adds a block as Add() does, or, when the same block is already there,
  // keeps it and returns {its name, its tag}.
  std::optional<std::pair<std::uint32_t, std::uint32_t>> AddIndex(const Cidr& cidr, std::uint32_t name,
                                                                  std::uint32_t tag, bool replace);

  std::vector<Level> v4_levels_;  // longest prefix first
  // One bit per IPv4 /16 (65536 bits): set when a block lies in or over it.
  // Most sources are in no block; the bit answers for them without a probe.
  std::vector<std::uint64_t> v4_sixteens_;
  std::vector<Level> v6_levels_;  // longest prefix first

  // The flat IPv4 layout: interval i is [v4_first_[i], v4_last_[i]] with
  // name v4_name_[i], sorted and disjoint; v4_bucket_[b] is the first
  // interval ending at or after b << 16 (65537 entries; the last is the count).
  bool flat_ = false;
  std::vector<std::uint32_t> v4_first_;
  std::vector<std::uint32_t> v4_last_;
  std::vector<std::uint32_t> v4_name_;
  std::vector<std::uint32_t> v4_bucket_;

  std::vector<std::string> names_;
  std::vector<std::uint32_t> blocks_per_name_;  // by name index: Names() lists those above 0
  std::vector<std::string> categories_;         // by name index; "unknown" when none
  std::unordered_map<std::string, std::uint32_t> name_index_;
  std::vector<RangeInfo> info_;
};

}  // namespace fwlog
