// CustomPattern: a user's RE2 pattern from the configuration. Its named
// groups name contract event fields (src, port, proto, action, time, ...);
// `src` is required. The pattern is searched in the whole line (unanchored);
// the `time` group may hold any stamp timestamp.h reads (ReadAnyStamp); when
// the pattern has no `time` group, the time and host come from the envelope.
//
// The action group's text is looked up in the pattern's `actions` map (exact,
// case-insensitive), then read like a log prefix (DROP/REJECT/ACCEPT...).
// Field values pass the same checks as the presets' (packet_fields.h).
#pragma once

#include <re2/re2.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "config/config.h"
#include "parse/parse_result.h"
#include "parse/parse_state.h"
#include "parse/timestamp.h"

namespace fwlog {

class CustomPattern {
 public:
  // Errors (bad regex, unknown field in a group name, no src group) carry the
  // spec's `file:line:col`.
  static absl::StatusOr<std::unique_ptr<CustomPattern>> Build(const PatternSpec& spec);
  ~CustomPattern();

  const std::string& name() const { return spec_.name; }
  // Not thread-safe: uses a per-instance scratch buffer (one pipeline thread).
  ParseResult Parse(std::string_view line, const TimeContext& ctx, ParseState& state, Event& event) const;

 private:
  CustomPattern(PatternSpec spec, std::unique_ptr<re2::RE2> re);
  PatternSpec spec_;
  std::unique_ptr<re2::RE2> re_;
  // Group index (1-based) -> field; index 0 unused.
  std::vector<int> group_field_;
  int time_group_ = 0;
  int action_group_ = 0;
  mutable std::vector<re2::StringPiece> groups_;
};

}  // namespace fwlog
