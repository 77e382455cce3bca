#include "parse/parser.h"

#include <cstdint>
#include <cstring>

#include "core/byte_scan.h"
#include "core/utf8.h"
#include "parse/envelope.h"
#include "parse/packet_fields.h"

namespace fwlog {

absl::StatusOr<std::shared_ptr<const PatternSet>> PatternSet::Build(const std::vector<PatternSpec>& specs) {
  auto set = std::make_shared<PatternSet>();
  for (const auto& spec : specs) {
    auto pattern = CustomPattern::Build(spec);
    if (!pattern.ok()) return pattern.status();
    set->patterns_.push_back(std::move(*pattern));
  }
  return std::shared_ptr<const PatternSet>(std::move(set));
}

const CustomPattern* PatternSet::Find(std::string_view name) const {
  for (const auto& p : patterns_)
    if (p->name() == name) return p.get();
  return nullptr;
}

absl::StatusOr<Parser> Parser::Build(const std::string& format, std::shared_ptr<const PatternSet> patterns) {
  Parser parser;
  parser.patterns_ = std::move(patterns);
  if (format == "auto") {
    parser.auto_ = true;
    // The router presets first (netfilter, mikrotik, pf; pf first for a
    // filterlog tag), then the others in their order.
    const auto& all = AllPresets();  // netfilter, pf, mikrotik, then the others
    parser.order_ = {all[0], all[2], all[1]};
    parser.filterlog_order_ = {all[1], all[0], all[2]};
    for (std::size_t i = 3; i < all.size(); ++i) {
      parser.order_.push_back(all[i]);
      parser.filterlog_order_.push_back(all[i]);
    }
    // A '#' line may be a W3C header: the Windows Firewall preset must see it
    // (it keeps the layout) even when another preset would claim the line.
    const Preset* w3c = PresetByName("windows-firewall");
    parser.header_order_ = {w3c};
    for (const Preset* p : parser.order_)
      if (p != w3c) parser.header_order_.push_back(p);
  } else if (const Preset* preset = PresetByName(format)) {
    parser.preset_ = preset;
  } else if (const CustomPattern* pattern = parser.patterns_ ? parser.patterns_->Find(format) : nullptr) {
    parser.pattern_ = pattern;
  } else {
    return absl::InvalidArgumentError("unknown format \"" + format + "\"");
  }
  return parser;
}

bool LooksBinary(std::string_view text) {
  // Most lines are printable ASCII from end to end, which one pass proves
  // (vectorised: one compare per 16 bytes); any other line (a tab, UTF-8, a
  // control byte) gets the full check. UTF-8 is validated only when a byte
  // >= 0x80 was seen: log lines are mostly ASCII.
  if (FirstNotPrintableAscii(text) == std::string_view::npos) return false;
  const ControlAndHigh found = FindControlAndHigh(text);
  return found.control || (found.high && !IsValidUtf8(text));
}

namespace {

// The receive time and transport host stand in for what the line lacks.
ParseResult Finish(ParseResult result, const LogLine& line, Event& event) {
  if (result.matched()) {
    if (!event.time_from_line) event.time = line.receive_time;
    if (event.host.empty()) event.host = line.transport_host;
  }
  return result;
}

bool Better(const ParseResult& candidate, const ParseResult& best) {
  return candidate.status == ParseResult::Status::kInvalid && best.status == ParseResult::Status::kUnmatched;
}

}  // namespace

ParseResult Parser::WithPreset(const Preset* preset, const Envelope& env, const LogLine& line, Event& event) {
  const ParseResult result = preset->Parse(env, state_, event);
  if (result.matched()) {
    if (env.has_time) {
      event.time = env.stamp.unix_seconds;
      event.time_nanos = env.stamp.nanos;
      event.time_from_line = true;
    }
    // A preset may have found the host in the record (a FortiGate devname=)
    // when the line has no syslog header; the header's host wins.
    if (!env.host.empty()) event.host = env.host;
  }
  return Finish(result, line, event);
}

ParseResult Parser::WithPattern(const CustomPattern* pattern, const LogLine& line, const TimeContext& ctx,
                                Event& event) {
  return Finish(pattern->Parse(line.text, ctx, state_, event), line, event);
}

ParseResult Parser::Parse(const LogLine& line, const TimeContext& ctx, Event& event) {
  if (!line.printable && LooksBinary(line.text)) return ParseResult::Invalid(InvalidReason::kBinary);
  if (pattern_ != nullptr) return WithPattern(pattern_, line, ctx, event);
  const Envelope env = ReadEnvelope(line.text, ctx, state_);
  if (!auto_) return WithPreset(preset_, env, line, event);

  // A preset that answers Unmatched has not touched the event (preset.h), so
  // the event is cleared only after an Invalid answer.
  ParseResult best = ParseResult::Unmatched();
  bool dirty = false;
  const auto& order = env.tag == "filterlog"                          ? filterlog_order_
                      : !env.message.empty() && env.message[0] == '#' ? header_order_
                                                                      : order_;
  for (const Preset* preset : order) {
    if (dirty) event.Clear();
    const auto r = WithPreset(preset, env, line, event);
    if (r.matched()) return r;
    dirty = r.status != ParseResult::Status::kUnmatched;
    if (Better(r, best)) best = r;
  }
  if (patterns_) {
    for (const auto& pattern : patterns_->all()) {
      if (dirty) event.Clear();
      const auto r = WithPattern(pattern.get(), line, ctx, event);
      if (r.matched()) return r;
      dirty = r.status != ParseResult::Status::kUnmatched;
      if (Better(r, best)) best = r;
    }
  }
  return best;
}

}  // namespace fwlog
