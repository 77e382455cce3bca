// WordTemplate: the wording of a vendor message written down as a sequence of
// words, for formats whose records are prose with one fixed wording per
// message id (Cisco ASA: "Deny inbound UDP from A to B on interface X").
// Compiled once from text, matched against the space-separated words of a
// message:
//
//   Deny              a literal word (exact, case-sensitive)
//   inbound|outbound  one of several literal words
//   type=*            any word that starts with "type="
//   {proto}           a capture: any one word, kept under that name
//   protocol={proto}  a capture after a literal beginning ("protocol=UDP,")
//   {_}               any one word, not kept
//   ...               any number of words, as few as will do
//   [item]            the item, or nothing (any item but `...`)
//
// Capture names: proto, src, dst, sport, dport, verdict, rule. A capture
// holds the word as written (punctuation included); the caller trims it.
// Words after the template's last item are not looked at. Matching
// backtracks only at `...` and `[...]`; templates are short (under 20 items).
//
// Thread-safety: a compiled template is immutable; Match() is const and
// keeps its state on the stack.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace fwlog {

enum class Capture : std::uint8_t { kProto, kSrc, kDst, kSport, kDport, kVerdict, kRule };
inline constexpr std::size_t kCaptureCount = 7;

// What a match captured, as views into the message's words; empty where the
// template has no such capture or an optional one was skipped.
struct Captures {
  std::array<std::string_view, kCaptureCount> values{};
  std::string_view operator[](Capture c) const { return values[static_cast<std::size_t>(c)]; }
};

class WordTemplate {
 public:
  // `text` must outlive the template (a string literal). An unknown capture
  // name or an unbalanced bracket compiles to a template that never matches,
  // and `ok()` says so (the message tables are checked by a unit test).
  explicit WordTemplate(std::string_view text);

  bool ok() const { return ok_; }
  // True when `words` (empty words excluded) start with the template's shape;
  // `out` then holds the captures.
  bool Match(std::span<const std::string_view> words, Captures& out) const;

 private:
  enum class Kind : std::uint8_t { kLiteral, kOneOf, kPrefix, kCapture, kAny, kSkip };
  struct Item {
    Kind kind = Kind::kLiteral;
    bool optional = false;
    Capture capture = Capture::kProto;
    std::string_view text;  // literal, prefix, or "a|b|c" for kOneOf
  };

  bool MatchFrom(std::size_t item, std::span<const std::string_view> words, std::size_t word, Captures& out) const;
  bool MatchItem(const Item& item, std::string_view word, Captures& out) const;

  std::vector<Item> items_;
  bool ok_ = true;
};

}  // namespace fwlog
