#include "input/syslog/syslog_header.h"

#include <array>
#include <cctype>

namespace fwlog {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Removes and returns the next space-separated word (after skipping spaces).
std::string_view NextWord(std::string_view& s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  const auto end = s.find(' ');
  const std::string_view word = s.substr(0, end);
  s.remove_prefix(end == std::string_view::npos ? s.size() : end);
  return word;
}

bool IsMonth(std::string_view w) {
  static constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (auto m : kMonths) {
    if (w == m) return true;
  }
  return false;
}

bool AllDigits(std::string_view w) {
  if (w.empty()) return false;
  for (char c : w) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

// hh:mm:ss with optional fraction.
bool IsClock(std::string_view w) {
  return w.size() >= 8 && IsDigit(w[0]) && IsDigit(w[1]) && w[2] == ':' && IsDigit(w[3]) && IsDigit(w[4]) &&
         w[5] == ':' && IsDigit(w[6]) && IsDigit(w[7]);
}

// 2024-01-02T03:04:05...
bool IsIsoTimestamp(std::string_view w) {
  return w.size() >= 19 && AllDigits(w.substr(0, 4)) && w[4] == '-' && w[7] == '-' && w[10] == 'T';
}

bool LooksLikeHost(std::string_view w) {
  if (w.empty() || w.size() > 255 || w.back() == ':') return false;
  for (char c : w) {
    if (c == '[' || c == '=' || static_cast<unsigned char>(c) < 0x21) return false;
  }
  return true;
}

}  // namespace

std::string_view SyslogHostName(std::string_view message) {
  // <PRI>: 1 to 3 digits.
  if (message.size() < 3 || message[0] != '<') return {};
  std::size_t i = 1;
  while (i < message.size() && i <= 4 && IsDigit(message[i])) ++i;
  if (i == 1 || i >= message.size() || message[i] != '>') return {};
  std::string_view rest = message.substr(i + 1);

  if (!rest.empty() && IsDigit(rest[0])) {
    // RFC 5424: VERSION, then TIMESTAMP (or "-"), then HOSTNAME (or "-").
    const std::string_view version = NextWord(rest);
    if (AllDigits(version) && version.size() <= 2) {
      NextWord(rest);  // timestamp
      const std::string_view host = NextWord(rest);
      return host == "-" || !LooksLikeHost(host) ? std::string_view() : host;
    }
    // Not a version: an ISO timestamp right after <PRI> (RFC 3164-like).
    if (!IsIsoTimestamp(version)) return {};
  } else {
    // RFC 3164: Mmm dd [yyyy] hh:mm:ss
    if (!IsMonth(NextWord(rest))) return {};
    if (!AllDigits(NextWord(rest))) return {};
    std::string_view word = NextWord(rest);
    if (AllDigits(word) && word.size() == 4) word = NextWord(rest);  // year
    if (!IsClock(word)) return {};
  }
  const std::string_view host = NextWord(rest);
  if (rest.empty()) return {};  // a lone word is the message, not a host
  return LooksLikeHost(host) ? host : std::string_view();
}

}  // namespace fwlog
