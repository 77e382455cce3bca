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
// Why this layout: Lookup() runs once per log line, so it must be fast and
// must not allocate. Real catalogs use few distinct prefix lengths (the NICT
// list: /32 and /28), so the table keeps, per family and per prefix length
// present, an open-addressing hash table of masked network -> name index,
// and Lookup() probes those lengths from the longest down: one mask and one
// probe per length, the first hit is the longest match. A trie would cost a
// pointer chase per bit (up to 128); a sorted interval list cannot express
// nested blocks without splitting them.
//
// Immutable after loading, so one table can serve many threads without locks.
// The views Lookup() returns stay valid while the table lives and no Add() is
// made (moving the table keeps them valid).
#pragma once

#include <cstddef>
#include <cstdint>
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
    std::string file;         // the file it came from; empty for Add()
  };

  RangeTable() = default;

  // Loads every file named, and every *.yaml/*.yml (catalog) and *.txt/*.list
  // (plain) file in every folder named, in name order; hidden files and other
  // extensions (README.md) are ignored. A file named directly is a catalog
  // when it ends in .yaml/.yml and a plain list otherwise. Errors carry
  // `file:line:col: message` (or `path: reason` when a file cannot be read).
  static absl::StatusOr<RangeTable> Load(const std::vector<std::string>& paths);

  // Adds one block. A later block with the same prefix replaces the name.
  void Add(const Cidr& cidr, std::string name);

  // The name of the longest block holding `address`, else "private" or "other".
  std::string_view Lookup(const IpAddress& address) const;
  // The same, for a caller that already knows `address.IsGlobal()` (the
  // Enricher learns it from the country lookup), saving that check.
  std::string_view Lookup(const IpAddress& address, bool is_global) const;

  // Number of blocks.
  std::size_t size() const;
  // Names of the loaded ranges, sorted.
  std::vector<std::string> Names() const;
  // The catalog's description of `name`, or nullptr (also for Add()-only names).
  const RangeInfo* Info(std::string_view name) const;

 private:
  friend class RangeLoader;

  struct Slot {
    std::uint64_t hi = 0;  // the network's first 8 bytes, in memory order
    std::uint64_t lo = 0;  // its last 8 bytes
    std::uint32_t name = 0;
    bool used = false;
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
  static void Insert(Level& level, std::uint64_t hi, std::uint64_t lo, std::uint32_t name);
  // The name index of the longest block holding `address`, or -1.
  std::int64_t Find(const IpAddress& address) const;
  std::uint32_t NameIndex(std::string name);

  std::vector<Level> v4_levels_;  // longest prefix first
  // One bit per IPv4 /16 (65536 bits): set when a block lies in or over it.
  // Most sources are in no block; the bit answers for them without a probe.
  std::vector<std::uint64_t> v4_sixteens_;
  std::vector<Level> v6_levels_;  // longest prefix first
  std::vector<std::string> names_;
  std::unordered_map<std::string, std::uint32_t> name_index_;
  std::vector<RangeInfo> info_;
};

}  // namespace fwlog
