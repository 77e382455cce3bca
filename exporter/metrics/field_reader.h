// FieldReader: reads one field of an Event as label text, and as one 64-bit
// word where the value fits one; LabelFilter: a metric's match/exclude list
// on one field, answered with those words.
//
// Read() is the label text: a text field straight from its Event member
// (resolved once, at construction, not through Event::Get's switch on every
// read), the action through ActionName, the time through Event::Get.
//
// Word() is the same value as a word and a tag, when it fits one: a text of
// at most 8 bytes packed (tag = its length), a range, category, service,
// purpose, asn or as_org with the enricher's identity or a router with the router table's (tag
// kIdentityTag; the identity's address and the text's length), the action's
// enum (tag kActionTag). Equal (word, tag) pairs mean equal text, so a tuple
// of them is a series key that needs no copying or hashing of text
// (SeriesIndex). Unequal pairs say nothing: the same text may come with an
// identity once and without one the next time.
//
// Both are plain values, read on the pipeline's thread only.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/event.h"

namespace fwlog {

class FieldReader {
 public:
  static constexpr std::uint8_t kIdentityTag = 0xff;
  static constexpr std::uint8_t kActionTag = 0xfe;

  explicit FieldReader(Field field) : field_(field), member_(Member(field)), identity_(IdentityMember(field)) {}

  Field field() const { return field_; }
  std::string_view Read(const Event& event) const {
    if (member_ != nullptr) return event.*member_;
    if (field_ == Field::kAction) return ActionName(event.action);
    return event.Get(field_);
  }
  // Whether Word() can succeed for this field (every field but the time).
  bool HasWord() const { return member_ != nullptr || field_ == Field::kAction; }
  // The identity of the field's text (range, service, router), or null:
  // events with the same non-null identity have the same text.
  const char* IdentityOf(const Event& event) const { return identity_ != nullptr ? event.*identity_ : nullptr; }
  bool Word(const Event& event, std::uint64_t& word, std::uint8_t& tag) const {
    if (member_ == nullptr) {
      word = static_cast<std::uint64_t>(event.action);
      tag = kActionTag;
      return field_ == Field::kAction;
    }
    const std::string_view text = event.*member_;
    const std::size_t n = text.size();
    if (n <= 8) {
      word = Pack(text);
      tag = static_cast<std::uint8_t>(n);
      return true;
    }
    if (identity_ != nullptr && event.*identity_ != nullptr && n < (std::size_t{1} << 16)) {
      const auto address = reinterpret_cast<std::uintptr_t>(event.*identity_);
      if (address >> 48 != 0) return false;
      word = static_cast<std::uint64_t>(address) | static_cast<std::uint64_t>(n) << 48;
      tag = kIdentityTag;
      return true;
    }
    return false;
  }

  // The bytes of a text of at most 8 bytes, zero-padded, read without
  // touching a byte past its end (two overlapping loads: the storage a view
  // points into may end there).
  static std::uint64_t Pack(std::string_view text) {
    const char* p = text.data();
    const std::size_t n = text.size();
    if (n >= 4) {
      std::uint32_t lo, hi;
      std::memcpy(&lo, p, 4);
      std::memcpy(&hi, p + n - 4, 4);
      return std::uint64_t{lo} | std::uint64_t{hi} << ((n - 4) * 8);
    }
    std::uint64_t word = 0;
    if (n > 0) {
      word = static_cast<unsigned char>(p[0]) | std::uint64_t{static_cast<unsigned char>(p[n / 2])} << (n / 2 * 8) |
             std::uint64_t{static_cast<unsigned char>(p[n - 1])} << ((n - 1) * 8);
    }
    return word;
  }

 private:
  using Text = std::string_view Event::*;
  using Identity = const char* Event::*;

  static Identity IdentityMember(Field field) {
    if (field == Field::kRange) return &Event::range_identity;
    if (field == Field::kService) return &Event::service_identity;
    if (field == Field::kRouter) return &Event::router_identity;
    if (field == Field::kAsn) return &Event::asn_identity;
    if (field == Field::kAsOrg) return &Event::as_org_identity;
    if (field == Field::kPurpose) return &Event::purpose_identity;
    if (field == Field::kCategory) return &Event::category_identity;
    return nullptr;
  }
  // Null for the fields that are not a text member (time, action).
  static Text Member(Field field);

  Field field_;
  Text member_;
  Identity identity_;
};

// A match/exclude list: Contains() says whether the event's field has one
// of the listed values (whole values, compared exactly). When every listed
// value is at most 8 bytes, a value is looked for by its FieldReader word (a
// longer value is in no such list). A range or service list remembers its
// last answer by the text's identity: most events repeat the range
// ("other") of the one before.
class LabelFilter {
 public:
  LabelFilter(Field field, std::vector<std::string> values) : reader_(field), values_(std::move(values)) {
    words_only_ = reader_.HasWord() && field != Field::kAction &&
                  std::all_of(values_.begin(), values_.end(), [](const std::string& v) { return v.size() <= 8; });
    for (const auto& v : values_) words_.emplace_back(FieldReader::Pack(v), static_cast<std::uint8_t>(v.size()));
  }

  bool Contains(const Event& event) {
    const char* identity = reader_.IdentityOf(event);
    if (identity != nullptr && identity == last_identity_) return last_answer_;
    const bool answer = Look(event);
    if (identity != nullptr) {
      last_identity_ = identity;
      last_answer_ = answer;
    }
    return answer;
  }

 private:
  bool Look(const Event& event) const {
    std::uint64_t word;
    std::uint8_t tag;
    if (words_only_ && reader_.Word(event, word, tag)) {
      for (const auto& [w, t] : words_)
        if (w == word && t == tag) return true;
      return false;
    }
    const std::string_view value = reader_.Read(event);
    return std::find(values_.begin(), values_.end(), value) != values_.end();
  }

  FieldReader reader_;
  std::vector<std::string> values_;
  std::vector<std::pair<std::uint64_t, std::uint8_t>> words_;
  bool words_only_ = false;
  const char* last_identity_ = nullptr;
  bool last_answer_ = false;
};

}  // namespace fwlog
