#include "parse/word_template.h"

#include <optional>

namespace fwlog {
namespace {

std::optional<Capture> CaptureNamed(std::string_view name) {
  static constexpr std::string_view kNames[kCaptureCount] = {"proto", "src",     "dst", "sport",
                                                             "dport", "verdict", "rule"};
  for (std::size_t i = 0; i < kCaptureCount; ++i)
    if (name == kNames[i]) return static_cast<Capture>(i);
  return std::nullopt;
}

bool OneOf(std::string_view choices, std::string_view word) {
  while (true) {
    const auto bar = choices.find('|');
    if (choices.substr(0, bar) == word) return true;
    if (bar == std::string_view::npos) return false;
    choices.remove_prefix(bar + 1);
  }
}

}  // namespace

WordTemplate::WordTemplate(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == ' ') {
      ++i;
      continue;
    }
    const auto end = text.find(' ', i);
    std::string_view word = text.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i);
    i += word.size();
    Item item;
    if (word.size() >= 2 && word.front() == '[') {
      if (word.back() != ']') ok_ = false;
      item.optional = true;
      word = word.substr(1, word.size() - 2);
    }
    if (word == "...") {
      item.kind = Kind::kSkip;
      ok_ = ok_ && !item.optional;
    } else if (word == "{_}") {
      item.kind = Kind::kAny;
    } else if (const auto open = word.find('{'); open != std::string_view::npos) {
      const auto capture =
          word.back() == '}' ? CaptureNamed(word.substr(open + 1, word.size() - open - 2)) : std::nullopt;
      if (!capture) ok_ = false;
      item.kind = Kind::kCapture;
      item.capture = capture.value_or(Capture::kProto);
      item.text = word.substr(0, open);  // a literal beginning, or empty
    } else if (word.back() == '*') {
      item.kind = Kind::kPrefix;
      item.text = word.substr(0, word.size() - 1);
    } else {
      item.kind = word.find('|') != std::string_view::npos ? Kind::kOneOf : Kind::kLiteral;
      item.text = word;
    }
    if (word.empty()) ok_ = false;
    items_.push_back(item);
  }
}

bool WordTemplate::MatchItem(const Item& item, std::string_view word, Captures& out) const {
  switch (item.kind) {
    case Kind::kLiteral:
      return word == item.text;
    case Kind::kOneOf:
      return OneOf(item.text, word);
    case Kind::kPrefix:
      return word.starts_with(item.text);
    case Kind::kCapture:
      if (!word.starts_with(item.text) || word.size() == item.text.size()) return false;
      out.values[static_cast<std::size_t>(item.capture)] = word.substr(item.text.size());
      return true;
    case Kind::kAny:
      return true;
    case Kind::kSkip:
      return false;  // handled by MatchFrom
  }
  return false;
}

bool WordTemplate::MatchFrom(std::size_t item, std::span<const std::string_view> words, std::size_t word,
                             Captures& out) const {
  for (; item < items_.size(); ++item) {
    const Item& it = items_[item];
    if (it.kind == Kind::kSkip) {
      for (std::size_t w = word; w <= words.size(); ++w)
        if (MatchFrom(item + 1, words, w, out)) return true;
      return false;
    }
    if (it.optional) {
      if (word < words.size()) {
        const Captures before = out;
        if (MatchItem(it, words[word], out) && MatchFrom(item + 1, words, word + 1, out)) return true;
        out = before;
      }
      continue;  // without it
    }
    if (word >= words.size() || !MatchItem(it, words[word], out)) return false;
    ++word;
  }
  return true;
}

bool WordTemplate::Match(std::span<const std::string_view> words, Captures& out) const {
  out = Captures{};
  return ok_ && MatchFrom(0, words, 0, out);
}

}  // namespace fwlog
