#include "parse/envelope.h"

#include <array>
#include <cstdint>

#include "core/byte_scan.h"

namespace fwlog {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Byte classes for the words between the stamp and the message, one table
// lookup per byte: a program tag's name, a RouterOS topic list.
constexpr std::uint8_t kTagChar = 1;    // letters, digits, - _ . /
constexpr std::uint8_t kTopicChar = 2;  // lower-case letters, digits, - ,
constexpr std::array<std::uint8_t, 256> kCharClass = [] {
  std::array<std::uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    const bool lower = c >= 'a' && c <= 'z', upper = c >= 'A' && c <= 'Z', digit = c >= '0' && c <= '9';
    if (lower || upper || digit || c == '-' || c == '_' || c == '.' || c == '/') t[c] |= kTagChar;
    if (lower || digit || c == ',' || c == '-') t[c] |= kTopicChar;
  }
  return t;
}();

bool AllOfClass(std::string_view s, std::uint8_t cls) {
  for (const char c : s)
    if ((kCharClass[static_cast<unsigned char>(c)] & cls) == 0) return false;
  return true;
}

std::string_view SkipSpaces(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && s[i] == ' ') ++i;
  return s.substr(i);
}

// The first word of `s` (words here are short: a host, a tag).
std::string_view Token(std::string_view s) { return s.substr(0, FindByte(s, ' ')); }

// The rest of `s` after its first token and the spaces that follow it.
std::string_view After(std::string_view s, std::string_view token) { return SkipSpaces(s.substr(token.size())); }

// "kernel:", "filterlog[123]:", "pve-firewall:" -> the name; empty otherwise.
std::string_view TagName(std::string_view token) {
  if (token.size() < 2 || token.back() != ':') return {};
  std::string_view name = token.substr(0, token.size() - 1);
  if (!name.empty() && name.back() == ']') {
    const auto open = name.rfind('[');
    if (open == std::string_view::npos) return {};
    name = name.substr(0, open);
  }
  if (name.empty() || !AllOfClass(name, kTagChar)) return {};
  return name;
}

// "kern.warn", "user.info", "local7.notice".
bool IsFacilityLevel(std::string_view token) {
  // Quick reject: every facility starts with one of these lower-case letters
  // (a host name such as "192.0.2.1" or "router.lan" mostly does not) and is
  // 3 to 8 letters long, so its dot stands at 3..8. Runs on one or two words
  // of every line: no library calls.
  constexpr std::uint32_t kFirstLetters = 1u << ('k' - 'a') | 1u << ('u' - 'a') | 1u << ('m' - 'a') |
                                          1u << ('d' - 'a') | 1u << ('a' - 'a') | 1u << ('s' - 'a') |
                                          1u << ('l' - 'a') | 1u << ('n' - 'a') | 1u << ('c' - 'a') | 1u << ('f' - 'a');
  if (token.size() < 7 || token.size() > 16 || token[0] < 'a' || token[0] > 'z' ||
      (kFirstLetters >> (token[0] - 'a') & 1u) == 0)
    return false;
  const std::size_t last_dot = token.size() - 1 < 8 ? token.size() - 1 : 8;
  std::size_t dot = 3;
  while (dot <= last_dot && token[dot] != '.') ++dot;
  if (dot > last_dot) return false;
  const auto facility = token.substr(0, dot);
  const auto level = token.substr(dot + 1);
  static constexpr std::string_view kFacilities[] = {
      "kern",     "user", "mail",   "daemon", "auth",   "syslog", "lpr",    "news",   "uucp",   "cron",
      "authpriv", "ftp",  "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7"};
  static constexpr std::string_view kLevels[] = {"emerg", "alert",   "crit",   "err",  "error",
                                                 "warn",  "warning", "notice", "info", "debug"};
  bool known = false;
  for (const auto f : kFacilities) known = known || facility == f;
  if (!known) return false;
  for (const auto l : kLevels)
    if (level == l) return true;
  return false;
}

std::string_view SkipUptime(std::string_view s) {
  // "[   20.696792] " as the kernel prints it.
  if (s.empty() || s[0] != '[') return s;
  std::size_t i = 1;
  while (i < s.size() && s[i] == ' ') ++i;
  const std::size_t digits_start = i;
  while (i < s.size() && (IsDigit(s[i]) || s[i] == '.')) ++i;
  if (i == digits_start || i >= s.size() || s[i] != ']') return s;
  return SkipSpaces(s.substr(i + 1));
}

// [facility.level] HOST [HOST] [facility.level] [TAG:|topics] MSG, where HOST
// or TAG may be missing. Without `may_have_host` (RouterOS on-box lines) only
// a topic list is skipped.
void ReadHostAndTag(std::string_view rest, Envelope& env, bool may_have_host) {
  rest = SkipSpaces(rest);
  auto first = Token(rest);
  if (IsTopicList(first)) {
    env.message = After(rest, first);
    return;
  }
  if (!may_have_host) {
    env.message = rest;
    return;
  }
  if (IsFacilityLevel(first)) {
    rest = After(rest, first);
    first = Token(rest);
  }
  if (auto tag = TagName(first); !tag.empty()) {
    env.tag = tag;
    env.message = SkipUptime(After(rest, first));
    return;
  }
  // No host: the message starts right away ('%' opens a Cisco mnemonic,
  // "%ASA-4-106023:").
  if (first.empty() || first[0] == '[' || first[0] == '%' || first.find('=') != std::string_view::npos) {
    env.message = rest;
    return;
  }
  env.host = first;
  rest = After(rest, first);
  auto second = Token(rest);
  if (second == env.host || IsFacilityLevel(second)) {
    rest = After(rest, second);
    second = Token(rest);
  }
  if (auto tag = TagName(second); !tag.empty()) {
    env.tag = tag;
    rest = After(rest, second);
  } else if (IsTopicList(second)) {
    env.message = After(rest, second);
    return;
  }
  env.message = SkipUptime(rest);
}

// ReadHostAndTag's readings, kept in the input's ParseState by the bytes
// they looked at: most lines of a log repeat the host and tag of the line
// before, or of the line two before where a relay mixes two stamp formats.
// A reading that found a tag looked at its words, the spaces after them and
// the message's first byte (to see it is not a '['), and at nothing beyond:
// another text that starts with the same bytes reads the same. Comparing ~25
// bytes costs a fraction of reading the words again.
bool FindHostAndTag(const ParseState& state, std::string_view rest, Envelope& env) {
  for (const auto& memo : state.host_and_tag) {
    const ParseState::HostAndTag* e = memo.ForStartOf(rest);
    if (e == nullptr) continue;
    if (e->host_size > 0) env.host = rest.substr(e->host_at, e->host_size);
    env.tag = rest.substr(e->tag_at, e->tag_size);
    env.message = rest.substr(e->message_at);
    return true;
  }
  return false;
}

void KeepHostAndTag(ParseState& state, std::string_view rest, const Envelope& env) {
  if (env.tag.empty() || env.message.empty() || env.message[0] == '[') return;
  const auto at = [&rest](std::string_view part) { return static_cast<std::uint8_t>(part.data() - rest.data()); };
  const std::size_t examined = static_cast<std::size_t>(env.message.data() - rest.data()) + 1;
  if (examined > 64) return;  // the memo's key holds 64 bytes, so every offset fits a byte
  ParseState::HostAndTag e;
  e.host_at = env.host.empty() ? 0 : at(env.host);
  e.host_size = static_cast<std::uint8_t>(env.host.size());
  e.tag_at = at(env.tag);
  e.tag_size = static_cast<std::uint8_t>(env.tag.size());
  e.message_at = at(env.message);
  state.host_and_tag[state.next_host_and_tag].Keep(rest.substr(0, examined), e);
  state.next_host_and_tag ^= 1;
}

void ReadRfc5424(std::string_view rest, const TimeContext& ctx, ParseState& state, Envelope& env) {
  // TS HOST APP PROCID MSGID SD MSG
  auto next = [&rest]() {
    rest = SkipSpaces(rest);
    const auto token = Token(rest);
    rest = rest.substr(token.size());
    return token;
  };
  const auto ts = next();
  if (ts != "-") {
    if (auto stamp = ReadRfc3339(ts, ctx, &state.rfc3339); stamp && stamp->length == ts.size()) {
      env.has_time = true;
      env.stamp = *stamp;
    }
  }
  if (auto host = next(); host != "-") env.host = host;
  if (auto app = next(); app != "-") env.tag = app;
  next();  // PROCID
  next();  // MSGID
  rest = SkipSpaces(rest);
  if (!rest.empty() && rest[0] == '[') {
    // Structured data: one or more [id k="v" ...] with \] escapes inside values.
    std::size_t i = 0;
    while (i < rest.size() && rest[i] == '[') {
      bool in_quotes = false;
      ++i;
      while (i < rest.size()) {
        const char c = rest[i];
        if (c == '\\' && i + 1 < rest.size()) {
          i += 2;
          continue;
        }
        if (c == '"') in_quotes = !in_quotes;
        if (c == ']' && !in_quotes) break;
        ++i;
      }
      if (i < rest.size()) ++i;
    }
    rest = rest.substr(i);
  } else if (!rest.empty() && rest[0] == '-' && (rest.size() == 1 || rest[1] == ' ')) {
    rest = rest.substr(1);
  }
  rest = SkipSpaces(rest);
  if (rest.size() >= 3 && static_cast<unsigned char>(rest[0]) == 0xEF && static_cast<unsigned char>(rest[1]) == 0xBB &&
      static_cast<unsigned char>(rest[2]) == 0xBF)
    rest = rest.substr(3);  // BOM before an UTF-8 message
  env.message = SkipUptime(rest);
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!IsDigit(c)) return false;
  return true;
}

// A Windows Firewall log record ("2026-03-24 07:25:01 DROP TCP ..."): its
// date and time columns, then an action, where a syslog line has a stamp
// and a host. It has no host; the whole record is the message.
// Out of line: only stamps "YYYY-MM-DD HH:MM:SS" without an offset get here,
// and kept inline it made GCC inline less of the envelope's common path
// (docs/performance.md, "The enterprise presets").
[[gnu::noinline]] bool IsW3cRecord(std::string_view rest) {
  if (rest.size() < 24 || rest[19] != ' ') return false;
  const std::string_view action = Token(rest.substr(20));
  switch (action.size()) {
    case 4:
      return action == "DROP" || action == "OPEN";
    case 5:
      return action == "ALLOW" || action == "CLOSE";
    case 12:
      return action == "OPEN-INBOUND";
    case 16:
      return action == "INFO-EVENTS-LOST";
    default:
      return false;
  }
}

// "VMID LEVEL CHAIN dd/Mon/YYYY:HH:MM:SS +zzzz " at the start of the message.
void ReadPveHeader(Envelope& env) {
  std::string_view rest = env.message;
  const auto vmid = Token(rest);
  if (!AllDigits(vmid)) return;
  rest = After(rest, vmid);
  const auto level = Token(rest);
  if (!AllDigits(level)) return;
  rest = After(rest, level);
  const auto chain = Token(rest);
  if (chain.empty()) return;
  rest = After(rest, chain);
  const auto stamp = ReadPveStamp(rest);
  if (!stamp) return;
  env.has_time = true;
  env.stamp = *stamp;
  env.chain = chain;
  env.message = SkipSpaces(rest.substr(stamp->length));
}

}  // namespace

bool IsTopicList(std::string_view token) {
  // The byte classes first: a host name or a tag fails at its first '.' or ':'.
  if (token.size() < 3 || token.front() == ',' || token.back() == ',' || !AllOfClass(token, kTopicChar)) return false;
  return token.find(',') != std::string_view::npos;
}

Envelope ReadEnvelope(std::string_view line, const TimeContext& ctx, ParseState& state) {
  Envelope env;
  env.line = line;
  env.time_context = &ctx;
  std::string_view rest = line;
  if (!rest.empty() && rest[0] == '<') {
    std::size_t i = 1;
    while (i < rest.size() && i < 5 && IsDigit(rest[i])) ++i;
    if (i > 1 && i < rest.size() && rest[i] == '>') rest = SkipSpaces(rest.substr(i + 1));
  }
  auto with_stamp = [&](const Stamp& stamp, bool may_have_host) {
    env.has_time = true;
    env.stamp = stamp;
    const std::string_view after = rest.substr(stamp.length);
    // Without a host, no tag is read: nothing to remember.
    if (may_have_host && FindHostAndTag(state, after, env)) return;
    ReadHostAndTag(after, env, may_have_host);
    if (may_have_host) KeepHostAndTag(state, after, env);
  };
  if (rest.size() > 2 && rest[0] == '1' && rest[1] == ' ') {
    ReadRfc5424(rest.substr(2), ctx, state, env);
  } else if (auto s3339 = ReadRfc3339(rest, ctx, &state.rfc3339)) {
    if (s3339->length == 19 && rest[10] == ' ' && IsW3cRecord(rest)) {
      env.has_time = true;
      env.stamp = *s3339;
      env.message = rest;
    } else {
      with_stamp(*s3339, true);
    }
  } else if (auto s3164 = ReadRfc3164(rest, ctx)) {
    const std::size_t end = s3164->length;
    if (end + 1 < rest.size() && rest[end] == ':' && rest[end + 1] == ' ')
      ++s3164->length;  // Cisco "...17:34:08: %ASA"
    with_stamp(*s3164, true);
  } else if (auto ctime = ReadCtime(rest, ctx)) {
    with_stamp(*ctime, true);
  } else if (auto epoch = ReadEpoch(rest)) {
    with_stamp(*epoch, true);
  } else if (auto routeros = ReadRouterOsStamp(rest, ctx)) {
    with_stamp(*routeros, false);
  } else {
    env.message = SkipUptime(SkipSpaces(rest));
  }
  if (!env.message.empty() && IsDigit(env.message[0])) ReadPveHeader(env);
  return env;
}

}  // namespace fwlog
