// Parser: turns one line into an Event for one input's format. Built once
// per input from the configuration (custom patterns compiled there); Parse()
// is called for every line of that input, in order, on the pipeline thread.
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
// header), then the other presets in AllPresets() order; a message that
// starts with '#' goes to windows-firewall first (a W3C "#Fields:" header
// sets the input's layout even if another preset reads the line). Each
// preset rejects a line without its marker after one scan, so a line costs
// one envelope read and, for non-netfilter lines, a few vector scans; a
// netfilter line never reaches the other presets. When no format matches,
// the first "invalid" verdict is reported, so a truncated filterlog CSV
// counts as invalid rather than unmatched.
//
// Before any format sees the line, a line with NUL or other control bytes is
// invalid ("binary"). The event's time is the line's stamp, else the receive
// time; its host the envelope's, else the syslog transport's.
//
// State: a Parser belongs to one input and owns that input's ParseState
// (parse_state.h): the memos that let a line that repeats bytes of the lines
// before skip re-reading them, and what the input said that decides how
// later lines read (a Windows Firewall log's "#Fields:" header). It is the
// only state of the parse stage (no thread_local, no globals); the input's
// TimeContext (time zone, clock cache) is passed in beside it. A new Parser
// reads any line exactly as a long-lived one does, except a Windows Firewall
// record, which it reads only after the input has given a header.
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

  // Not const: the parser keeps what it remembers from line to line in its
  // ParseState. One Parser per input, used on one thread at a time.
  ParseResult Parse(const LogLine& line, const TimeContext& ctx, Event& event);

 private:
  ParseResult WithPreset(const Preset* preset, const Envelope& envelope, const LogLine& line, Event& event);
  ParseResult WithPattern(const CustomPattern* pattern, const LogLine& line, const TimeContext& ctx, Event& event);
  bool auto_ = false;
  // `auto`'s order; for a filterlog tag; for a message that starts with '#'.
  std::vector<const Preset*> order_, filterlog_order_, header_order_;
  const Preset* preset_ = nullptr;
  const CustomPattern* pattern_ = nullptr;
  std::shared_ptr<const PatternSet> patterns_;
  ParseState state_;  // this input's memos (parse_state.h)
};

// True when `text` is not a line of text: it has a NUL byte or another C0
// control character (tab excepted) or DEL, or it is not valid UTF-8.
bool LooksBinary(std::string_view text);

}  // namespace fwlog
