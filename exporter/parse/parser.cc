#include "parse/parser.h"

#include "parse/envelope.h"

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
  } else if (const Preset* preset = PresetByName(format)) {
    parser.preset_ = preset;
  } else if (const CustomPattern* pattern = parser.patterns_ ? parser.patterns_->Find(format) : nullptr) {
    parser.pattern_ = pattern;
  } else {
    return absl::InvalidArgumentError("unknown format \"" + format + "\"");
  }
  return parser;
}

bool HasControlBytes(std::string_view text) {
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c < 0x20 && c != '\t') || c == 0x7f) return true;
  }
  return false;
}

ParseResult Parser::ParseWith(const Preset* preset, const CustomPattern* pattern, const LogLine& line,
                              const TimeContext& ctx, Event& event) const {
  ParseResult result;
  if (preset != nullptr) {
    const Envelope env = ReadEnvelope(line.text, ctx);
    result = preset->Parse(env, event);
    if (result.matched()) {
      if (env.has_time) {
        event.time = env.stamp.unix_seconds;
        event.time_nanos = env.stamp.nanos;
        event.time_from_line = true;
      }
      event.host.assign(env.host);
    }
  } else {
    result = pattern->Parse(line.text, ctx, event);
  }
  if (result.matched()) {
    if (!event.time_from_line) event.time = line.receive_time;
    if (event.host.empty()) event.host.assign(line.transport_host);
  }
  return result;
}

ParseResult Parser::Parse(const LogLine& line, const TimeContext& ctx, Event& event) const {
  if (HasControlBytes(line.text)) return ParseResult::Invalid(InvalidReason::kBinary);
  if (!auto_) return ParseWith(preset_, pattern_, line, ctx, event);
  // auto: the first format that recognises the line decides; an invalid
  // verdict from one format is kept unless a later one matches.
  ParseResult best = ParseResult::Unmatched();
  for (const Preset* preset : AllPresets()) {
    event.Clear();
    const auto r = ParseWith(preset, nullptr, line, ctx, event);
    if (r.matched()) return r;
    if (r.status == ParseResult::Status::kInvalid && best.status == ParseResult::Status::kUnmatched) best = r;
  }
  if (patterns_) {
    for (const auto& pattern : patterns_->all()) {
      event.Clear();
      const auto r = ParseWith(nullptr, pattern.get(), line, ctx, event);
      if (r.matched()) return r;
      if (r.status == ParseResult::Status::kInvalid && best.status == ParseResult::Status::kUnmatched) best = r;
    }
  }
  return best;
}

}  // namespace fwlog
