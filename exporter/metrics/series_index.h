// SeriesIndex: the series of one metric, found by an event's label values.
// The index hands out series numbers (ids); the series themselves (registry
// counters, label texts) belong to the caller, which makes one when asked
// and says which id it gave it (CounterSet numbers all its metrics' series
// in one sequence).
//
// Find() looks, in turn:
//  1. by number: when every label has a small domain (an hour, a country
//     code, an AS by its ordinal with its name beside it, or a label such
//     as action, protocol, range or router while it
//     has met at most DenseLabel::kInterned values), an array indexed by the
//     labels' numbers holds the ids: no key to build, hash or compare (the
//     router's number picks a block of the array, added when that router
//     first comes, so routers that never come cost nothing; the number of
//     the last event's router is remembered by the router table's identity);
//  2. by the last key: consecutive events often share a series (the hour,
//     the verdict and protocol), which then costs no hash probe;
//  3. by a fixed-size key of one FieldReader word per label, the router's
//     its identity in the router table when it has one (short texts
//     packed, the enricher's identities, the action's enum), in a hash map:
//     no text copied or hashed;
//  4. by the label texts joined in one reused buffer: a tuple not yet seen
//     the other ways, or one with a long free text;
//  5. not found: a new series, unless its router (the value of the label
//     `router`; the whole metric when it has no such label) has
//     `max_series` series already; then the event goes to that router's
//     overflow series, made once, whose label values are all "other" but the
//     router's (the maker is told it is the overflow, so that it can mark it
//     apart from a real tuple of "other"s).
// Steps 1 and 3 remember what the later steps find (step 3 up to a bound: 2
// × max_series per router + 1024 keys, or 2^20 without a cap; tuples that
// went to an overflow series are remembered too, while there is room). A
// tuple's id never changes, so nothing remembered goes stale.
//
// Once a tuple has been seen, finding it again allocates nothing. One
// thread: the index belongs to the pipeline's.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "core/event.h"
#include "metrics/field_reader.h"

namespace fwlog {

// A series key of up to kLabels label values as FieldReader words, and
// their tags packed in one word (byte i: label i's tag). Built in registers:
// tags stored byte by byte and read back as one word would stall the load
// (no store forwarding from several narrow stores to a wider load). Five
// words: the widest default metric (range, proto, port, service, router).
struct FastKey {
  static constexpr std::size_t kLabels = 5;
  std::array<std::uint64_t, kLabels> words{};
  std::uint64_t tags = 0;

  // Spelled out: std::array's == compiles to a memcmp call here.
  bool operator==(const FastKey& o) const {
    return words[0] == o.words[0] && words[1] == o.words[1] && words[2] == o.words[2] && words[3] == o.words[3] &&
           words[4] == o.words[4] && tags == o.tags;
  }
};

// Independent multiplies (no chain from word to word), folded, then mixed so
// that both ends of the result vary: absl's tables take the probe position
// from the high bits and a 7-bit tag from the low ones. A functor rather
// than AbslHashValue, so that it inlines into Find().
struct FastKeyHash {
  std::size_t operator()(const FastKey& key) const {
    std::uint64_t x = key.words[0] * 0x9e3779b97f4a7c15ULL ^ key.words[1] * 0xc2b2ae3d27d4eb4fULL ^
                      key.words[2] * 0x165667b19e3779f9ULL ^ key.words[3] * 0xd6e8feb86659fd93ULL ^
                      key.words[4] * 0xff51afd7ed558ccdULL ^ key.tags;
    x ^= x >> 32;
    x *= 0x9e3779b97f4a7c15ULL;
    x ^= x >> 29;
    return static_cast<std::size_t>(x);
  }
};

// A label's values as small numbers 0..domain-1. An hour ("00".."23") and a
// country code (two capital letters) are numbered by their text; an `asn`
// from the enricher by its AsNames ordinal (below kAsnDomain), and an
// `as_org` beside an `asn` label is numbered 0 (the AS number decides its
// name: kDetermined). Any other label with a FieldReader word (action,
// protocol, range, ...) is numbered in the order its values are first
// seen, up to kInterned of them; a value beyond that, or a text that is
// not an hour or a code ("private"), has no number. A number always stands
// for one label text (given the labels beside it).
class DenseLabel {
 public:
  static constexpr std::uint32_t kInterned = 16;
  // ASes numbered: a day's log holds a few thousand (the benchmark's 2 M
  // lines ~10 000), most of them in fwlog_packets_by_asn_total's overflow;
  // beyond this many they (and their overflow) take the hash path.
  static constexpr std::uint32_t kAsnDomain = 16384;

  // `determined`: the label's text follows from another label of the key
  // (as_org from asn), so it needs no number of its own.
  explicit DenseLabel(Field field, bool determined = false) : reader_(field) {
    kind_ = field == Field::kHour      ? Kind::kHour
            : field == Field::kCountry ? Kind::kCountry
            : field == Field::kAsn     ? Kind::kAsn
            : determined               ? Kind::kDetermined
                                       : Kind::kInterned;
  }
  static bool Supports(Field field) { return FieldReader(field).HasWord(); }
  std::uint32_t domain() const {
    switch (kind_) {
      case Kind::kHour:
        return 24;
      case Kind::kCountry:
        return 26 * 26;
      case Kind::kAsn:
        return kAsnDomain;
      case Kind::kDetermined:
        return 1;
      case Kind::kInterned:
        break;
    }
    return kInterned;
  }
  // True once an interned label has met more values than it can number.
  bool full() const { return full_; }

  bool Id(const Event& event, std::uint32_t& id) {
    if (kind_ == Kind::kAsn) {
      id = event.asn_ordinal;
      return event.asn_identity != nullptr && id < kAsnDomain;
    }
    if (kind_ == Kind::kDetermined) {
      id = 0;
      return event.as_org_identity != nullptr && event.asn_identity != nullptr;
    }
    if (kind_ != Kind::kInterned) {
      const std::string_view text = reader_.Read(event);
      if (text.size() != 2) return false;
      const auto a = static_cast<unsigned>(static_cast<unsigned char>(text[0]));
      const auto b = static_cast<unsigned>(static_cast<unsigned char>(text[1]));
      if (kind_ == Kind::kHour) {
        id = (a - '0') * 10 + (b - '0');
        return a - '0' <= 2 && b - '0' <= 9 && id < 24;
      }
      id = (a - 'A') * 26 + (b - 'A');
      return a - 'A' < 26 && b - 'A' < 26;
    }
    std::uint64_t word;
    std::uint8_t tag;
    if (!reader_.Word(event, word, tag)) return false;
    for (std::uint32_t i = 0; i < count_; ++i) {
      if (words_[i] == word && tags_[i] == tag) {
        id = i;
        return true;
      }
    }
    if (count_ == kInterned) {
      full_ = true;
      return false;
    }
    words_[count_] = word;
    tags_[count_] = tag;
    id = count_++;
    return true;
  }

 private:
  enum class Kind { kHour, kCountry, kAsn, kDetermined, kInterned };
  FieldReader reader_;
  Kind kind_;
  std::uint32_t count_ = 0;
  bool full_ = false;
  std::array<std::uint64_t, kInterned> words_{};
  std::array<std::uint8_t, kInterned> tags_{};
};

class SeriesIndex {
 public:
  static constexpr std::uint32_t kNoSeries = 0xffffffff;
  // At most this many array slots per block of step 1 (64 KiB of ids).
  static constexpr std::size_t kMaxDenseSlots = 16384;
  // The label value of every label of an overflow series but the router.
  static constexpr std::string_view kOverflowValue = "other";

  // Makes the series of a tuple the index does not know and returns the id
  // it gave it. `values`: the label texts in the order of the labels, as
  // read from the event (not sanitised); `overflow`: this is a router's
  // overflow series (every value kOverflowValue but the router's).
  using Maker = absl::FunctionRef<std::uint32_t(const std::vector<std::string>& values, bool overflow)>;

  // `max_series` 0: no cap.
  SeriesIndex(const std::vector<Field>& labels, std::size_t max_series);

  // The id of the series of `event`'s label values; `made` is set when the
  // series (or the overflow series) was made by this call. `make` is any
  // callable a Maker can refer to; it is wrapped in one only when steps 1-3
  // find nothing. Always inlined: it runs once per metric per event, and GCC
  // would call it otherwise.
  template <typename MakeFn>
  [[gnu::always_inline]] std::uint32_t Find(const Event& event, const MakeFn& make, bool& made);
  // The same by label texts (one per label, in order): for restoring saved
  // series and for series made before any event.
  std::uint32_t FindValues(const std::vector<std::string>& values, Maker make, bool& made);
  // The overflow series of `router` (ignored without a router label), made
  // when there is none yet (also before the cap is reached: restoring saved
  // values).
  std::uint32_t Overflow(std::string_view router, Maker make, bool& made);

  // The position of the router label, or -1.
  int router_label() const { return router_; }
  // Series made, the overflow series not counted.
  std::size_t size() const { return by_text_.size(); }

 private:
  // The key's words: the labels but the router in order, then the router.
  bool MakeFastKey(const Event& event, FastKey& out) const {
    std::uint64_t tags = 0;
    std::size_t i = 0;
    for (; i < key_readers_.size(); ++i) {
      std::uint8_t tag = 0;
      if (!key_readers_[i].Word(event, out.words[i], tag)) return false;
      tags |= std::uint64_t{tag} << (8 * i);
    }
    if (router_ >= 0) {
      std::uint8_t tag = 0;
      if (!RouterWord(event, out.words[i], tag)) return false;
      tags |= std::uint64_t{tag} << (8 * i);
    }
    out.tags = tags;
    return true;
  }
  // The router label's word: the router table's identity when the event has
  // one (the same address is the same name; no text to pack), else the
  // reader's word.
  bool RouterWord(const Event& event, std::uint64_t& word, std::uint8_t& tag) const {
    if (event.router_identity != nullptr) {
      word = reinterpret_cast<std::uintptr_t>(event.router_identity);
      tag = kRouterTag;
      return true;
    }
    return readers_[static_cast<std::size_t>(router_)].Word(event, word, tag);
  }
  static constexpr std::uint8_t kRouterTag = 0xfd;
  static_assert(kRouterTag != FieldReader::kIdentityTag && kRouterTag != FieldReader::kActionTag && kRouterTag > 8);
  // The event's slot in dense_ (grown by a router's block when its router
  // is new), or false when a label value has no number (an interned label
  // that meets one value too many empties dense_ for good).
  [[gnu::always_inline]] bool DenseSlot(const Event& event, std::size_t& slot);
  // A router's series: how many were made, its overflow series.
  struct RouterSeries {
    std::size_t count = 0;
    std::uint32_t overflow = kNoSeries;
  };
  RouterSeries& Router(std::string_view router);
  // Steps 4 and 5.
  std::uint32_t FindByText(const Event& event, Maker make, bool& made);
  // Step 5 for `values` (their key in key_).
  std::uint32_t Add(const std::vector<std::string>& values, std::string_view router, Maker make, bool& made);

  std::vector<FieldReader> readers_;
  std::vector<FieldReader> key_readers_;  // readers_ without the router's
  std::size_t max_series_;
  int router_ = -1;
  // Step 1: the ids by the labels' numbers in mixed radix, the router last;
  // kNoSeries: not yet found. Empty when the domains but the router's
  // multiply to more than kMaxDenseSlots (a block).
  std::vector<DenseLabel> dense_labels_;  // without the router
  DenseLabel router_dense_{Field::kRouter};
  // The router number of the last event's router identity: consecutive
  // events mostly come from one router.
  const char* last_router_identity_ = nullptr;
  std::uint32_t last_router_id_ = 0;
  std::vector<std::uint32_t> dense_;
  std::size_t dense_block_ = 0;
  // Steps 2 and 3; fast_labels_ false when a label cannot make a word.
  FastKey last_key_;
  std::uint32_t last_ = kNoSeries;
  bool fast_labels_ = false;
  absl::flat_hash_map<FastKey, std::uint32_t, FastKeyHash> fast_;
  // Step 4: by the texts, each followed by \x1f.
  absl::flat_hash_map<std::string, std::uint32_t> by_text_;
  std::string key_;
  std::vector<std::string> values_;
  // By the router's text; one entry, "", without a router label.
  absl::flat_hash_map<std::string, RouterSeries> routers_;
};

[[gnu::always_inline]] inline bool SeriesIndex::DenseSlot(const Event& event, std::size_t& slot) {
  std::size_t index = 0, stride = 1;
  for (auto& label : dense_labels_) {
    std::uint32_t id;
    if (!label.Id(event, id)) {
      if (label.full()) {
        dense_.clear();
        dense_.shrink_to_fit();
      }
      return false;
    }
    index += id * stride;
    stride *= label.domain();
  }
  if (router_ >= 0) {
    std::uint32_t id;
    const char* identity = event.router_identity;
    if (identity != nullptr && identity == last_router_identity_) {
      id = last_router_id_;
    } else {
      if (!router_dense_.Id(event, id)) {
        if (router_dense_.full()) {
          dense_.clear();
          dense_.shrink_to_fit();
        }
        return false;
      }
      last_router_identity_ = identity;
      last_router_id_ = id;
    }
    index += id * stride;
  }
  if (index >= dense_.size()) dense_.resize((index / dense_block_ + 1) * dense_block_, kNoSeries);
  slot = index;
  return true;
}

template <typename MakeFn>
[[gnu::always_inline]] inline std::uint32_t SeriesIndex::Find(const Event& event, const MakeFn& make, bool& made) {
  made = false;
  std::size_t slot = 0;
  const bool dense = !dense_.empty() && DenseSlot(event, slot);
  if (dense && dense_[slot] != kNoSeries) return dense_[slot];
  std::uint32_t id = kNoSeries;
  FastKey key;
  const bool fast = fast_labels_ && MakeFastKey(event, key);
  if (fast) {
    if (last_ != kNoSeries && last_key_ == key) {
      id = last_;
    } else if (const auto it = fast_.find(key); it != fast_.end()) {
      id = it->second;
      last_ = id;
      last_key_ = key;
    }
  }
  if (id == kNoSeries) {
    id = FindByText(event, Maker(make), made);
    const std::size_t capacity =
        max_series_ > 0 ? 2 * max_series_ * std::max<std::size_t>(routers_.size(), 1) + 1024 : std::size_t{1} << 20;
    if (fast && fast_.size() < capacity) fast_.emplace(key, id);
  }
  if (dense) dense_[slot] = id;
  return id;
}

}  // namespace fwlog
