#include "parse/vendor_fields.h"

#include <array>
#include <cstring>

#include "parse/packet_fields.h"

namespace fwlog {

ParseResult FillPacket(Event& event, ParseState& state, const PacketText& p) {
  const auto missing = ParseResult::Invalid(InvalidReason::kMissingField);
  const auto absent = [](const KvField* f) { return f == nullptr || !f->have || f->value.empty(); };
  const auto cut = [](const KvField* f) { return f != nullptr && f->cut(); };
  if (absent(p.src) || absent(p.dst) || p.proto.empty()) return missing;
  if (cut(p.src) || cut(p.dst) || cut(p.sport) || cut(p.dport)) return missing;
  if (!SetSource(event, p.src->value)) return ParseResult::Invalid(InvalidReason::kBadAddress);
  // Enterprise records name a destination object or a masked address where
  // they have no address to give: the line is no packet we can place.
  SetDestination(event, p.dst->value, state);
  if (!event.has_dst_address) return ParseResult::Invalid(InvalidReason::kBadAddress);
  if (!SetProto(event, p.proto)) return ParseResult::Invalid(InvalidReason::kBadProtocol);
  if (ProtoHasPorts(event.proto)) {
    const std::string_view sport = p.sport != nullptr && p.sport->have ? p.sport->value : std::string_view();
    const std::string_view dport = p.dport != nullptr && p.dport->have ? p.dport->value : std::string_view();
    if (!SetPorts(event, sport, dport)) return ParseResult::Invalid(InvalidReason::kBadPort);
  }
  return ParseResult::Matched();
}

bool Placeholder(std::string_view v) {
  return v.empty() || v == "N/A" || v == "n/a" || v == "(null)" || v == "none" || v == "-";
}

void SetRule(Event& event, std::string_view value) {
  event.rule = value.find('\\') == std::string_view::npos ? value : Unescape(value, event.Build(Field::kRule));
}

bool SameWord(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i] >= 'A' && text[i] <= 'Z' ? static_cast<char>(text[i] - 'A' + 'a') : text[i];
    if (c != lower[i]) return false;
  }
  return true;
}

bool SetEpochTime(Event& event, std::string_view digits) {
  const std::size_t n = digits.size();
  if (n != 10 && n != 13 && n != 16 && n != 19) return false;
  std::int64_t seconds = 0, fraction = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const char c = digits[i];
    if (c < '0' || c > '9') return false;
    if (i < 10)
      seconds = seconds * 10 + (c - '0');
    else
      fraction = fraction * 10 + (c - '0');
  }
  for (std::size_t i = n; i < 19; ++i) fraction *= 10;
  event.time = seconds;
  event.time_nanos = static_cast<std::int32_t>(fraction);
  event.time_from_line = true;
  return true;
}

bool SetCivilTime(Event& event, std::string_view date, std::string_view clock, std::string_view offset,
                  const TimeContext& ctx) {
  // As one RFC 3339 text, so that the one stamp reader (and its checks) reads it.
  const auto date_separator = [](char c) { return c == '-' || c == ':' || c == '/'; };
  if (date.size() != 10 || clock.size() != 8 || !date_separator(date[4]) || !date_separator(date[7])) return false;
  std::array<char, 32> text{};
  std::memcpy(text.data(), date.data(), 10);
  text[4] = '-';
  text[7] = '-';
  text[10] = 'T';
  std::memcpy(text.data() + 11, clock.data(), 8);
  std::size_t n = 19;
  if (offset == "UTC" || offset == "GMT" || offset == "Z") {
    text[n++] = 'Z';
  } else if (!offset.empty()) {
    if (offset.size() > 6 || (offset[0] != '+' && offset[0] != '-')) return false;
    std::memcpy(text.data() + n, offset.data(), offset.size());
    n += offset.size();
  }
  const std::string_view stamp(text.data(), n);
  const auto read = ReadRfc3339(stamp, ctx);
  if (!read || read->length != n) return false;
  event.time = read->unix_seconds;
  event.time_nanos = read->nanos;
  event.time_from_line = true;
  return true;
}

}  // namespace fwlog
