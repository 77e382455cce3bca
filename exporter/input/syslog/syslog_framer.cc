#include "input/syslog/syslog_framer.h"

#include <algorithm>

namespace fwlog {
namespace {
constexpr int kMaxLengthDigits = 9;
}  // namespace

SyslogFramer::SyslogFramer(std::size_t max_message_bytes) : max_(max_message_bytes), lines_(max_message_bytes) {}

bool SyslogFramer::ReadLength(std::string_view& bytes) {
  while (!bytes.empty()) {
    const char c = bytes.front();
    if (c >= '0' && c <= '9') {
      if (++digits_ > kMaxLengthDigits) return false;
      length_ = length_ * 10 + static_cast<std::size_t>(c - '0');
      bytes.remove_prefix(1);
    } else if (c == ' ' && digits_ > 0) {
      bytes.remove_prefix(1);
      remaining_ = length_;
      in_frame_ = true;
      length_ = 0;
      digits_ = 0;
      return true;
    } else if ((c == '\n' || c == '\r') && digits_ == 0) {
      bytes.remove_prefix(1);  // tolerated between frames
    } else {
      return false;
    }
  }
  return true;
}

void SyslogFramer::Append(std::string_view bytes) {
  const std::size_t room = max_ + 2 - std::min(frame_.size(), max_ + 2);
  if (bytes.size() > room) {
    frame_.append(bytes.substr(0, room));
    frame_overflow_ = true;
  } else {
    frame_.append(bytes);
  }
}

}  // namespace fwlog
