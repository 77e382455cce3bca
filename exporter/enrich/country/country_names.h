// CountryName: the English short name of an ISO 3166-1 alpha-2 code
// ("JP" -> "Japan"), for reports and the page (country codes alone are hard
// to read). Also "EU", "AP" (the registries' regions); empty for anything
// else ("private", "unknown", "other"). The table is generated from
// Debian's iso-codes (scripts/make-country-names.py). The views point to
// static storage. Thread-safe.
#pragma once

#include <string_view>

namespace fwlog {

std::string_view CountryName(std::string_view code);

}  // namespace fwlog
