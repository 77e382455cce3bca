// AsNames: an AS number -> the label texts of the event fields `asn` and
// `as_org`, each kept once, so an event's fields are views of them with a
// stable identity (event.h) and counting by them copies nothing.
//
//   AsNames names([&db](std::uint32_t asn) { return db.AsName(asn); });
//   names.Get(398324)   // {number "398324", name "CENSYS-ARIN-01"}
//   names.Get(0)        // {"unknown", "unknown"}: no AS known
//   names.Private()     // {"private", "private"}: a non-global source
//
// A number is named once, on its first Get(), by the function given (for
// libloc a binary search in the database's AS table, microseconds); later
// Gets of it cost a probe of a small direct-mapped memo of recent numbers
// (8 bytes a slot: the number and its ordinal, then the ordinal's entry),
// or a hash lookup. A name the database lacks reads "unknown"; one that is
// not valid UTF-8 has its bad bytes replaced by U+FFFD, and one longer than
// kMaxNameBytes is cut (at a character's start), so a label never carries
// more than that.
//
// Memory: one entry per distinct AS number seen, at most what the database
// knows (about 80 000 for libloc's, a few MiB at worst); numbers outside it
// share the "unknown" name but keep their own number text.
//
// Not thread-safe; one per Enricher. Entries never move (views stay valid
// for the object's life).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"

namespace fwlog {

class AsNames {
 public:
  static constexpr std::size_t kMaxNameBytes = 96;

  // Views of an entry's texts (stable: they are the texts' identities).
  struct Names {
    std::string_view number;  // "398324"
    std::string_view name;    // "CENSYS-ARIN-01"
    // The entry's number in the order entries were made: 0 "unknown", 1
    // "private", then 2, 3, ...: a small key for counting (Event::asn_ordinal).
    std::uint32_t ordinal = 0;
  };
  using Namer = std::function<std::string(std::uint32_t)>;

  explicit AsNames(Namer namer);
  AsNames(AsNames&&) = default;
  AsNames& operator=(AsNames&&) = default;

  Names Get(std::uint32_t asn) {
    const Recent& r = recent_[RecentSlot(asn)];
    if (r.asn_plus_one == asn + 1 && asn != 0xffffffffu) return names_[r.ordinal];
    return Miss(asn);
  }
  Names Private() const { return names_[1]; }
  // The names of the entry with this ordinal (one a Get() gave).
  const Names& ByOrdinal(std::uint32_t ordinal) const { return names_[ordinal]; }
  // Distinct numbers named so far (tests).
  std::size_t size() const { return names_.size() - 2; }

 private:
  struct Entry {
    std::string number;
    std::string name;
  };
  // The memo of recent numbers: 16 384 slots of 8 bytes (128 KiB), each
  // the number plus one (0: empty; 2^32 - 1 is never remembered) and its
  // ordinal.
  static constexpr int kRecentBits = 14;
  struct Recent {
    std::uint32_t asn_plus_one = 0;
    std::uint32_t ordinal = 0;
  };
  static std::size_t RecentSlot(std::uint32_t asn) { return (asn * 0x9E3779B1u) >> (32 - kRecentBits); }
  Names Miss(std::uint32_t asn);
  std::uint32_t Add(std::uint32_t asn);  // names `asn`: its ordinal

  Namer namer_;
  std::deque<Entry> entries_;  // the texts; a deque: they never move
  // By ordinal: the views of entries_ (0 unknown, 1 private, then by first Get).
  std::vector<Names> names_;
  // By number: the ordinal.
  absl::flat_hash_map<std::uint32_t, std::uint32_t> ordinals_;
  std::vector<Recent> recent_;
};

// `name` as a label value: valid UTF-8 (bad bytes -> U+FFFD), at most
// `max_bytes` bytes (cut before a character that would pass it), "unknown"
// when empty.
std::string AsLabelText(std::string_view name, std::size_t max_bytes);

}  // namespace fwlog
