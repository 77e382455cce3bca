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
// libloc a binary search and an allocation, microseconds); later Gets of it
// cost a probe of a small direct-mapped memo of recent numbers, or a hash
// lookup. A name the database lacks reads "unknown"; one that is not valid
// UTF-8 has its bad bytes replaced by U+FFFD, and one longer than
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

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

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
    const Recent& r = recent_[asn % kRecent];
    if (r.asn == asn && !r.names.number.empty()) return r.names;
    return Miss(asn);
  }
  Names Private() const { return {private_->number, private_->name, 1}; }
  // Distinct numbers named so far (tests).
  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::string number;
    std::string name;
    std::uint32_t ordinal = 0;
  };
  // The recent memo holds the views themselves (not the entry's address),
  // so a hit reads one slot and no entry.
  static constexpr std::size_t kRecent = 8192;
  struct Recent {
    std::uint32_t asn = 0;
    Names names;
  };
  Names Miss(std::uint32_t asn);

  Namer namer_;
  std::unique_ptr<Entry> unknown_, private_;
  absl::flat_hash_map<std::uint32_t, std::unique_ptr<Entry>> entries_;
  std::array<Recent, kRecent> recent_{};
};

// `name` as a label value: valid UTF-8 (bad bytes -> U+FFFD), at most
// `max_bytes` bytes (cut before a character that would pass it), "unknown"
// when empty.
std::string AsLabelText(std::string_view name, std::size_t max_bytes);

}  // namespace fwlog
