#include "parse/envelope.h"

namespace fwlog {
namespace {

std::string_view SkipSpaces(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && s[i] == ' ') ++i;
  return s.substr(i);
}

std::string_view Token(std::string_view s) { return s.substr(0, s.find(' ')); }

// "kernel:", "filterlog[123]:", "pve-firewall:" -> the name; empty otherwise.
std::string_view TagName(std::string_view token) {
  if (token.size() < 2 || token.back() != ':') return {};
  std::string_view name = token.substr(0, token.size() - 1);
  if (!name.empty() && name.back() == ']') {
    const auto open = name.rfind('[');
    if (open == std::string_view::npos) return {};
    name = name.substr(0, open);
  }
  if (name.empty()) return {};
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '_' || c == '.' || c == '/';
    if (!ok) return {};
  }
  return name;
}

std::string_view SkipUptime(std::string_view s) {
  // "[   20.696792] " as the kernel prints it.
  if (s.empty() || s[0] != '[') return s;
  std::size_t i = 1;
  while (i < s.size() && s[i] == ' ') ++i;
  const std::size_t digits_start = i;
  while (i < s.size() && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.')) ++i;
  if (i == digits_start || i >= s.size() || s[i] != ']') return s;
  return SkipSpaces(s.substr(i + 1));
}

// HOST TAG: MSG, where HOST or TAG may be missing.
void ReadHostAndTag(std::string_view rest, Envelope& env) {
  rest = SkipSpaces(rest);
  const auto first = Token(rest);
  if (auto tag = TagName(first); !tag.empty()) {
    env.tag = tag;
    env.message = SkipUptime(SkipSpaces(rest.substr(first.size())));
    return;
  }
  if (first.find('=') != std::string_view::npos || first.empty() || first[0] == '[') {
    env.message = rest;  // no host: the message starts right away
    return;
  }
  env.host = first;
  rest = SkipSpaces(rest.substr(first.size()));
  const auto second = Token(rest);
  if (auto tag = TagName(second); !tag.empty()) {
    env.tag = tag;
    rest = rest.substr(second.size());
  }
  env.message = SkipUptime(SkipSpaces(rest));
}

void ReadRfc5424(std::string_view rest, const TimeContext& ctx, Envelope& env) {
  // TS HOST APP PROCID MSGID SD MSG
  auto next = [&rest]() {
    rest = SkipSpaces(rest);
    const auto token = Token(rest);
    rest = rest.substr(token.size());
    return token;
  };
  const auto ts = next();
  if (ts != "-") {
    if (auto stamp = ReadRfc3339(ts, ctx); stamp && stamp->length == ts.size()) {
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
  } else if (!rest.empty() && rest[0] == '-') {
    rest = rest.substr(1);
  }
  rest = SkipSpaces(rest);
  if (rest.size() >= 3 && static_cast<unsigned char>(rest[0]) == 0xEF &&
      static_cast<unsigned char>(rest[1]) == 0xBB && static_cast<unsigned char>(rest[2]) == 0xBF)
    rest = rest.substr(3);  // BOM before an UTF-8 message
  env.message = SkipUptime(rest);
}

}  // namespace

Envelope ReadEnvelope(std::string_view line, const TimeContext& ctx) {
  Envelope env;
  std::string_view rest = line;
  if (!rest.empty() && rest[0] == '<') {
    std::size_t i = 1;
    while (i < rest.size() && i < 5 && rest[i] >= '0' && rest[i] <= '9') ++i;
    if (i > 1 && i < rest.size() && rest[i] == '>') rest = rest.substr(i + 1);
  }
  if (rest.size() > 2 && rest[0] == '1' && rest[1] == ' ') {
    ReadRfc5424(rest.substr(2), ctx, env);
    return env;
  }
  if (auto stamp = ReadRfc3339(rest, ctx)) {
    env.has_time = true;
    env.stamp = *stamp;
    ReadHostAndTag(rest.substr(stamp->length), env);
    return env;
  }
  if (auto stamp = ReadRfc3164(rest, ctx)) {
    env.has_time = true;
    env.stamp = *stamp;
    ReadHostAndTag(rest.substr(stamp->length), env);
    return env;
  }
  env.message = SkipUptime(SkipSpaces(rest));
  return env;
}

}  // namespace fwlog
