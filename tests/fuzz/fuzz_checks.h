// What every fuzz target checks besides "no crash, no sanitizer report": a
// line a parser calls a packet has a readable source, a family, a protocol
// (presets; a custom pattern may have no proto group) and, where the protocol
// has ports, a destination port whose text is its number (cisco-asa and zyxel
// records may name no port: then none). The enterprise presets also give a
// readable destination.
// Any violation aborts, so libFuzzer (and the replay runner) report it.
#pragma once

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "parse/packet_fields.h"
#include "parse/parser.h"

namespace fwlog::fuzz {

inline constexpr std::size_t kMaxLine = 4096;  // longer lines add nothing but time

inline TimeContext FixedTime() {
  TimeContext ctx;
  if (!absl::LoadTimeZone("Europe/Berlin", &ctx.zone)) ctx.zone = absl::UTCTimeZone();
  ctx.now = 1774440000;  // 2026-03-25T12:00:00Z
  return ctx;
}

inline void Require(bool condition) {
  if (!condition) std::abort();
}

inline void CheckEvent(const ParseResult& result, const Event& e) {
  if (!result.matched()) return;
  const auto src = IpAddress::Parse(e.src);
  Require(src.has_value() && *src == e.src_address);
  Require(e.family == (src->is_v4() ? "ipv4" : "ipv6"));
  Require(!e.matched_by.empty());
  const bool preset = PresetByName(e.matched_by) != nullptr;
  const bool router = e.matched_by == "netfilter" || e.matched_by == "pf" || e.matched_by == "mikrotik";
  if (preset) Require(!e.proto.empty());
  // The enterprise presets require both addresses (docs/contract.md).
  if (preset && !router) Require(e.has_dst_address && IpAddress::Parse(e.dst) == e.dst_address);
  // Cisco ASA and Zyxel name some tcp/udp decisions without their ports.
  const bool port_optional = e.matched_by == "cisco-asa" || e.matched_by == "zyxel";
  if (ProtoHasPorts(e.proto) && !(port_optional && !e.has_port)) {
    Require(e.has_port);
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(e.port.data(), e.port.data() + e.port.size(), value);
    Require(ec == std::errc() && end == e.port.data() + e.port.size() && value == e.port_number);
  } else {
    Require(!e.has_port || !e.port.empty());
  }
  Require(!e.has_dst_address || IpAddress::Parse(e.dst).has_value());
}

// The same verdict and the same fields, whatever the parsers remembered.
inline void RequireSameReading(const ParseResult& a, const Event& x, const ParseResult& b, const Event& y) {
  Require(a.status == b.status);
  if (a.status == ParseResult::Status::kInvalid) Require(a.reason == b.reason);
  if (!a.matched()) return;
  for (std::size_t f = 0; f < kFieldCount; ++f) Require(x.Get(static_cast<Field>(f)) == y.Get(static_cast<Field>(f)));
  Require(x.time == y.time && x.time_nanos == y.time_nanos);
}

// Runs `format` and then `auto` over the line; a line the named preset reads
// must be read by `auto` as well. The parsers live across inputs, so their
// memos (ParseState) hold what earlier inputs left; a new parser must read
// the line exactly as the long-lived one does.
inline void FuzzPreset(const char* format, const std::uint8_t* data, std::size_t size) {
  if (size > kMaxLine) return;
  static const TimeContext ctx = FixedTime();
  static Parser named = *Parser::Build(format, nullptr);
  static Parser automatic = *Parser::Build("auto", nullptr);
  static Event event;
  static Event fresh_event;
  LogLine line;
  line.text = std::string_view(reinterpret_cast<const char*>(data), size);
  line.receive_time = ctx.now;
  event.Clear();
  const ParseResult r = named.Parse(line, ctx, event);
  CheckEvent(r, event);
  Parser fresh = *Parser::Build(format, nullptr);
  fresh_event.Clear();
  RequireSameReading(r, event, fresh.Parse(line, ctx, fresh_event), fresh_event);
  event.Clear();
  const ParseResult a = automatic.Parse(line, ctx, event);
  CheckEvent(a, event);
  Require(!r.matched() || a.matched());
}

// The input as a log: its lines (split at '\n') in order through a named
// and an `auto` parser made for it, so that a header line (a Windows Firewall
// "#Fields:") applies to the lines after it and to no other input. A line
// the named preset reads must be read by `auto` as well.
inline void FuzzLog(const char* format, const std::uint8_t* data, std::size_t size) {
  if (size > 4 * kMaxLine) return;
  static const TimeContext ctx = FixedTime();
  static Event event;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Parser named = *Parser::Build(format, nullptr);
  Parser automatic = *Parser::Build("auto", nullptr);
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    LogLine line;
    line.text = text.substr(start, end - start);
    line.receive_time = ctx.now;
    event.Clear();
    const ParseResult r = named.Parse(line, ctx, event);
    CheckEvent(r, event);
    event.Clear();
    const ParseResult a = automatic.Parse(line, ctx, event);
    CheckEvent(a, event);
    Require(!r.matched() || a.matched());
    start = end + 1;
  }
}

}  // namespace fwlog::fuzz
