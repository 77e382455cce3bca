// SanitizeLabelValue: makes any bytes a safe Prometheus label value — valid
// UTF-8 (each invalid byte becomes U+FFFD) and at most `max_bytes` long (cut
// at a character boundary). Applied once per new series, never per line.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace fwlog {

inline constexpr std::size_t kMaxLabelValueBytes = 128;

std::string SanitizeLabelValue(std::string_view value, std::size_t max_bytes = kMaxLabelValueBytes);

}  // namespace fwlog
