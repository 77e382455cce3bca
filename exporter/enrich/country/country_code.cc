#include "enrich/country/country_code.h"

#include <array>

namespace fwlog {
namespace {

// "AAABAC...ZZ": every two-letter pair once, so text() can point into it.
constexpr std::array<char, 26 * 26 * 2> kPairs = [] {
  std::array<char, 26 * 26 * 2> pairs{};
  for (int i = 0; i < 26 * 26; ++i) {
    pairs[static_cast<std::size_t>(2 * i)] = static_cast<char>('A' + i / 26);
    pairs[static_cast<std::size_t>(2 * i + 1)] = static_cast<char>('A' + i % 26);
  }
  return pairs;
}();

// Two-letter codes that name no country.
constexpr std::array<std::string_view, 7> kNotACountry = {"XX", "ZZ", "O1", "A1", "A2", "A3", "XD"};

int Letter(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a';
  return -1;
}

}  // namespace

CountryCode CountryCode::FromText(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  if (text.size() != 2) return Unknown();
  const int first = Letter(text[0]);
  const int second = Letter(text[1]);
  if (first < 0 || second < 0) return Unknown();
  const CountryCode code(static_cast<std::uint16_t>(first * 26 + second));
  for (auto placeholder : kNotACountry) {
    if (code.text() == placeholder) return Unknown();
  }
  return code;
}

std::string_view CountryCode::text() const {
  if (value_ == kUnknown) return "unknown";
  if (value_ == kPrivate) return "private";
  return std::string_view(kPairs.data() + 2 * value_, 2);
}

}  // namespace fwlog
