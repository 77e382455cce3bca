// Parser: turns one line into an Event for one input's format. Built once
// per input from the configuration (custom patterns compiled there); Parse()
// is called for every line of that input, in order, on the pipeline thread.
//
// A Parser owns its input's ParseState (parse_state.h): what a preset must
// remember from one line to the next (a Windows Firewall log's "#Fields:"
// header). So a Parser belongs to one input and Parse() is not const; two
// inputs never share one, and a rebuilt Parser (reload) starts afresh.
//
//   format: PRESET                      the preset (preset.h), after the
//                                       syslog envelope
//   format: NAME                        the custom pattern NAME
//   format: auto                        per line: the presets, then every
//                                       custom pattern, first match wins
//
// `auto` reads the envelope once and tries the preset its cheap clue points
// at first: a "filterlog" tag -> pf; otherwise netfilter (IN=/OUT=), then
// mikrotik (in:...out:), then pf (a "filterlog" word behind a broken
// header), then the other presets in their registration order. Each preset
// rejects a line without its marker after one scan, so a line costs one
// envelope read and, for non-netfilter lines, a few memchr scans. When no format matches, the first "invalid" verdict
// is reported, so a truncated filterlog CSV counts as invalid rather than unmatched.
//
// Before any format sees the line, a line with NUL or other control bytes is
// invalid ("binary"). The event's time is the line's stamp, else the receive
// time; its host the envelope's, else the syslog transport's.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "config/config.h"
#include "core/log_line.h"
#include "parse/custom_pattern.h"
#include "parse/envelope.h"
#include "parse/parse_result.h"
#include "parse/parse_state.h"
#include "parse/preset.h"
#include "parse/timestamp.h"

namespace fwlog {

class PatternSet {
 public:
  static absl::StatusOr<std::shared_ptr<const PatternSet>> Build(const std::vector<PatternSpec>& specs);
  const CustomPattern* Find(std::string_view name) const;
  const std::vector<std::unique_ptr<CustomPattern>>& all() const { return patterns_; }

 private:
  std::vector<std::unique_ptr<CustomPattern>> patterns_;
};

class Parser {
 public:
  // `format` must be a preset, "auto", or a pattern in `patterns`.
  static absl::StatusOr<Parser> Build(const std::string& format, std::shared_ptr<const PatternSet> patterns);

  ParseResult Parse(const LogLine& line, const TimeContext& ctx, Event& event);

 private:
  ParseResult WithPreset(const Preset* preset, const Envelope& envelope, const LogLine& line, Event& event);
  ParseResult WithPattern(const CustomPattern* pattern, const LogLine& line, const TimeContext& ctx,
                          Event& event) const;
  bool auto_ = false;
  std::vector<const Preset*> order_, filterlog_order_;  // `auto`'s order, and for a filterlog tag
  const Preset* preset_ = nullptr;
  const CustomPattern* pattern_ = nullptr;
  std::shared_ptr<const PatternSet> patterns_;
  ParseState state_;  // this input's
};

// True when `text` is not a line of text: it has a NUL byte or another C0
// control character (tab excepted) or DEL, or it is not valid UTF-8.
bool LooksBinary(std::string_view text);

}  // namespace fwlog
