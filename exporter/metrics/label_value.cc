#include "metrics/label_value.h"

#include "core/utf8.h"

namespace fwlog {
std::string SanitizeLabelValue(std::string_view value, std::size_t max_bytes) {
  static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
  std::string out;
  out.reserve(value.size() < max_bytes ? value.size() : max_bytes);
  std::size_t i = 0;
  while (i < value.size()) {
    const std::size_t n = Utf8SequenceLength(value, i);
    const std::string_view piece = n == 0 ? kReplacement : value.substr(i, n);
    if (out.size() + piece.size() > max_bytes) break;
    out.append(piece);
    i += n == 0 ? 1 : n;
  }
  return out;
}

}  // namespace fwlog
