#include "input/line_splitter.h"

#include <algorithm>

namespace fwlog {

LineSplitter::LineSplitter(std::size_t max_line_bytes) : max_(max_line_bytes) {
  held_.reserve(std::min<std::size_t>(max_ + 1, 4096));
}

void LineSplitter::Hold(std::string_view bytes) {
  pending_ += bytes.size();
  const std::size_t room = max_ + 1 - held_.size();
  if (bytes.size() > room) {
    held_.append(bytes.substr(0, room));
    overflow_ = true;
  } else {
    held_.append(bytes);
  }
}

}  // namespace fwlog
