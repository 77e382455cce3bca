#include "input/syslog/syslog_framer.h"

#include <algorithm>
#include <cstring>

namespace fwlog {
namespace {

constexpr int kMaxLengthDigits = 9;
constexpr auto npos = std::string_view::npos;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Whether `s` starts with "<PRI>" (1 to 3 digits) and then the start of a
// syslog header: an RFC 5424 version ("1 "), an RFC 3164 month ("Nov "), or
// an ISO date ("2024-"), as every sender of firewall logs writes.
bool StartsLikeSyslog(std::string_view s) {
  if (s.size() < 3 || s[0] != '<') return false;
  std::size_t i = 1;
  while (i < s.size() && i <= 3 && IsDigit(s[i])) ++i;
  if (i == 1 || i >= s.size() || s[i] != '>') return false;
  const std::string_view rest = s.substr(i + 1);
  if (rest.size() >= 2 && IsDigit(rest[0]) && rest[1] == ' ') return true;
  if (rest.size() >= 3 && IsDigit(rest[0]) && IsDigit(rest[1]) && rest[2] == ' ') return true;
  if (rest.size() >= 5 && IsDigit(rest[0]) && IsDigit(rest[1]) && IsDigit(rest[2]) && IsDigit(rest[3]) &&
      rest[4] == '-')
    return true;
  static constexpr std::string_view kMonths[] = {"Jan ", "Feb ", "Mar ", "Apr ", "May ", "Jun ",
                                                 "Jul ", "Aug ", "Sep ", "Oct ", "Nov ", "Dec "};
  for (const auto month : kMonths)
    if (rest.substr(0, 4) == month) return true;
  return false;
}

// Whether `s` starts with a frame header "LEN SP <" (the length without a
// leading zero), or with the start of one and then ends.
bool StartsWithHeader(std::string_view s) {
  if (s.empty() || s[0] < '1' || s[0] > '9') return false;
  std::size_t i = 1;
  while (i < s.size() && i < kMaxLengthDigits && IsDigit(s[i])) ++i;
  if (i == s.size()) return true;  // `s` ends inside the header
  if (s[i] != ' ') return false;
  return i + 1 == s.size() || s[i + 1] == '<';
}

// The length of the complete frame header "LEN SP" at the start of `s`, and
// LEN; 0 when `s` does not start with one.
std::size_t HeaderAt(std::string_view s, std::size_t& length) {
  if (s.empty() || s[0] < '1' || s[0] > '9') return 0;
  std::size_t i = 0;
  length = 0;
  while (i < s.size() && i < kMaxLengthDigits && IsDigit(s[i]))
    length = length * 10 + static_cast<std::size_t>(s[i++] - '0');
  return i < s.size() && s[i] == ' ' ? i + 1 : 0;
}

// Whether `s` (what follows a complete frame) may be the next frame: empty
// lines, then a header and a message that starts like syslog, as far as `s`
// goes. (Only then is the frame before it looked at again, so a legitimate
// short frame that fails this costs nothing but that look.)
bool MayStartFrame(std::string_view s) {
  while (!s.empty() && (s[0] == '\n' || s[0] == '\r')) s.remove_prefix(1);
  if (!StartsWithHeader(s)) return s.empty();
  std::size_t length = 0;
  const std::size_t header = HeaderAt(s, length);
  if (header == 0) return true;            // the header is not complete yet
  constexpr std::size_t kHeaderStart = 9;  // "<191>Nov " at most
  const std::string_view message = s.substr(header, length);
  if (message.size() < kHeaderStart && message.size() < length) return true;  // too little to tell
  return StartsLikeSyslog(message);
}

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

std::size_t SyslogFramer::EmbeddedFrame(std::string_view body, std::string_view following) const {
  if (!StartsLikeSyslog(body)) return npos;  // not a syslog message at all: nothing to compare with
  // What lies at `pos` of body + following: the next frame's header, the
  // end of what has arrived, something else, or nothing known yet.
  enum class At { kHeader, kEnd, kOther, kUnknown };
  const std::size_t total = body.size() + following.size();
  auto what_is_at = [&](std::size_t pos) {
    if (pos > total) return At::kUnknown;
    if (pos == total) return At::kEnd;
    char look[16];
    std::size_t n = 0;
    for (std::size_t i = pos; i < total && n < sizeof look; ++i)
      look[n++] = i < body.size() ? body[i] : following[i - body.size()];
    std::string_view next(look, n);
    while (!next.empty() && (next[0] == '\n' || next[0] == '\r')) next.remove_prefix(1);
    return next.empty() || StartsWithHeader(next) ? At::kHeader : At::kOther;
  };
  for (std::size_t sp = body.find(" <", 1); sp != npos; sp = body.find(" <", sp + 1)) {
    const std::size_t h = sp + 1;  // the embedded message's '<'
    if (!IsDigit(body[sp - 1]) || !StartsLikeSyslog(body.substr(h))) continue;
    std::size_t run = sp - 1;
    while (run > 1 && IsDigit(body[run - 1]) && sp - (run - 1) <= kMaxLengthDigits) --run;
    // Candidate starts of the length, longest reading first: one followed
    // by a header wins, else one ending where the data does, else the
    // longest that runs past the damaged frame (at most max_message_bytes).
    std::size_t at_end = npos, open = npos;
    for (std::size_t s = run; s < sp; ++s) {
      if (body[s] == '0') continue;
      std::size_t length = 0;
      for (std::size_t i = s; i < sp; ++i) length = length * 10 + static_cast<std::size_t>(body[i] - '0');
      if (length > max_ + 2) continue;  // would be cut anyway: not worth following
      switch (what_is_at(h + length)) {
        case At::kHeader:
          return s;
        case At::kEnd:
          if (at_end == npos) at_end = s;
          break;
        case At::kUnknown:
        case At::kOther:
          // Past the damaged frame's end: its end is still to come (or that
          // frame is damaged too). Within it, text that merely looks like a
          // header.
          if (open == npos && h + length > body.size()) open = s;
          break;
      }
    }
    if (at_end != npos) return at_end;
    if (open != npos) return open;
  }
  // A header the damaged frame's end cut in two: seen only together with the
  // bytes after it, when those do not start a frame themselves.
  if (following.empty() || MayStartFrame(following)) return npos;
  constexpr std::size_t kTail = 24;  // digits, a space and the start of a syslog header
  char joined[2 * kTail + 16];
  const std::size_t tail = std::min(kTail, body.size() - 1);
  const std::size_t more = std::min(following.size(), sizeof joined - tail);
  std::memcpy(joined, body.data() + body.size() - tail, tail);
  std::memcpy(joined + tail, following.data(), more);
  const std::string_view both(joined, tail + more);
  for (std::size_t p = 0; p < tail; ++p) {
    std::size_t length = 0;
    const std::size_t header = HeaderAt(both.substr(p), length);
    if (header == 0 || length > max_ || !StartsLikeSyslog(both.substr(p + header))) continue;
    // Only a header the frame's end cuts: one whole inside it was judged above.
    const std::size_t at = body.size() - tail + p;
    if (!StartsLikeSyslog(body.substr(std::min(body.size(), at + header)))) return at;
  }
  return npos;
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
