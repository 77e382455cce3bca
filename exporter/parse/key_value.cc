#include "parse/key_value.h"

namespace fwlog {

std::string_view Unescape(std::string_view value, std::string& out) {
  if (value.find('\\') == std::string_view::npos) return value;
  out.clear();
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '\\' && i + 1 < value.size()) ++i;
    out.push_back(value[i]);
  }
  return out;
}

}  // namespace fwlog
