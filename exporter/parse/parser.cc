#include "parse/parser.h"

#include <cstdint>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "core/ascii.h"
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
  } else if (const Preset* preset = PresetByName(format)) {
    parser.preset_ = preset;
  } else if (const CustomPattern* pattern = parser.patterns_ ? parser.patterns_->Find(format) : nullptr) {
    parser.pattern_ = pattern;
  } else {
    return absl::InvalidArgumentError("unknown format \"" + format + "\"");
  }
  return parser;
}

namespace {

// LooksBinary's answer for a line with a byte that is not printable ASCII.
bool HasControlBytesOrBadUtf8(std::string_view text) {
  // A block of bytes is clean when none is below 0x20 or equal to 0x7f; a
  // flagged block is looked at byte by byte, since a tab is allowed. UTF-8 is
  // checked only when a byte >= 0x80 was seen (log lines are mostly ASCII).
  // Runs on every line: 16 bytes per few instructions with SSE2, 8 with plain
  // 64-bit words elsewhere.
  auto control = [](std::string_view s) {
    for (const char ch : s) {
      const auto c = static_cast<unsigned char>(ch);
      if ((c < 0x20 && c != '\t') || c == 0x7f) return true;
    }
    return false;
  };
  bool high = false;
  std::size_t i = 0;
#if defined(__SSE2__)
  // A byte is below 0x20 when min(byte, 0x1f) is the byte (unsigned). Flags
  // and high bits are gathered over the whole line and looked at once.
  const __m128i below_space = _mm_set1_epi8(0x1f);
  const __m128i del = _mm_set1_epi8(0x7f);
  __m128i flagged = _mm_setzero_si128();
  __m128i any = _mm_setzero_si128();
  const char* const data = text.data();
  const std::size_t n = text.size();
  // The 16 bytes at `at`: control bytes and DEL flagged, high bits gathered.
  const auto block = [&](std::size_t at) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + at));
    flagged =
        _mm_or_si128(flagged, _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(v, below_space), v), _mm_cmpeq_epi8(v, del)));
    any = _mm_or_si128(any, v);
  };
  for (; i + 16 <= n; i += 16) block(i);
  if (i < n && n >= 16) {  // the tail, as one overlapping block
    block(n - 16);
    i = n;
  }
  if (_mm_movemask_epi8(flagged) != 0 && control(text)) return true;
  high = _mm_movemask_epi8(any) != 0;
#else
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, text.data() + i, 8);
    const std::uint64_t below_space = (w - 0x20 * kOnes) & ~w & kHigh;
    const std::uint64_t x = w ^ (0x7f * kOnes);
    const std::uint64_t is_del = (x - kOnes) & ~x & kHigh;
    if ((below_space | is_del) != 0 && control(text.substr(i, 8))) return true;
    high = high || (w & kHigh) != 0;
  }
#endif
  for (; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\t') || c == 0x7f) return true;
    high = high || c >= 0x80;
  }
  return high && !IsValidUtf8(text);
}

}  // namespace

bool LooksBinary(std::string_view text) {
#if defined(__SSE2__)
  // Most lines are printable ASCII from end to end, which SSE2 proves at one
  // compare per 16 bytes; any other line (a tab, UTF-8, a control byte) gets
  // the full check.
  if (FirstNotPrintableAscii(text) == std::string_view::npos) return false;
#endif
  return HasControlBytesOrBadUtf8(text);
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
    event.host = env.host;
  }
  return Finish(result, line, event);
}

ParseResult Parser::WithPattern(const CustomPattern* pattern, const LogLine& line, const TimeContext& ctx,
                                Event& event) const {
  return Finish(pattern->Parse(line.text, ctx, event), line, event);
}

ParseResult Parser::Parse(const LogLine& line, const TimeContext& ctx, Event& event) {
  if (!line.printable && LooksBinary(line.text)) return ParseResult::Invalid(InvalidReason::kBinary);
  if (pattern_ != nullptr) return WithPattern(pattern_, line, ctx, event);
  const Envelope env = ReadEnvelope(line.text, ctx);
  if (!auto_) return WithPreset(preset_, env, line, event);

  // A preset that answers Unmatched has not touched the event (preset.h), so
  // the event is cleared only after an Invalid answer.
  ParseResult best = ParseResult::Unmatched();
  bool dirty = false;
  for (const Preset* preset : env.tag == "filterlog" ? filterlog_order_ : order_) {
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
