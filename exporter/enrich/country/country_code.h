// CountryCode: an ISO 3166-1 alpha-2 code ("JP"), "unknown" or "private", in
// two bytes.
//
// FromText() is the one place that decides what a database's answer means:
//   "JP", "jp", " jp "                  -> JP  (two ASCII letters, upper-cased)
//   "EU", "AP"                          -> EU, AP (kept: the registries' "somewhere
//                                          in Europe / Asia-Pacific"; libloc and
//                                          Tor's geoip files use them)
//   "XX", "ZZ", "O1"                    -> unknown (placeholders for "no country")
//   "A1", "A2", "A3", "XD"              -> unknown (anonymous proxy, satellite,
//                                          anycast, drop: flags, not places; libloc
//                                          names its network flags with these codes)
//   "", "??", "Japan", "J1", non-ASCII  -> unknown
//
// Private() is the answer for non-global addresses ("private"); no database
// text ever becomes it. text() points into static storage, so the view stays
// valid for the life of the program and costs nothing to return.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace fwlog {

class CountryCode {
 public:
  // Unknown.
  constexpr CountryCode() = default;
  static constexpr CountryCode Unknown() { return CountryCode(); }
  static constexpr CountryCode Private() { return CountryCode(kPrivate); }
  static CountryCode FromText(std::string_view text);

  // True for a two-letter code (not unknown, not private).
  bool known() const { return value_ < kUnknown; }
  // "JP", "unknown" or "private".
  std::string_view text() const;

  // The code as one number and back, for a table of codes kept on disk
  // (FlatV4Cache); FromNumber() of a number that is no code is nullopt.
  std::uint16_t number() const { return value_; }
  static std::optional<CountryCode> FromNumber(std::uint16_t number) {
    if (number > kPrivate) return std::nullopt;
    return CountryCode(number);
  }

  friend bool operator==(CountryCode, CountryCode) = default;

 private:
  static constexpr std::uint16_t kUnknown = 26 * 26;
  static constexpr std::uint16_t kPrivate = kUnknown + 1;
  explicit constexpr CountryCode(std::uint16_t value) : value_(value) {}

  std::uint16_t value_ = kUnknown;  // (first - 'A') * 26 + (second - 'A')
};

}  // namespace fwlog
