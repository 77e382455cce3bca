// ParseState: what one input's parsing remembers from one line to the next,
// held in one explicit object rather than in per-thread or global state.
// Each Parser owns one (a Parser reads one input, parser.h) and hands it to
// the preset with every line; nothing else sees it. An input's lines are
// parsed in order on the pipeline thread, so it needs no lock; a new Parser
// (a new input, a reload) starts from an empty state.
//
//   windows_firewall   the column layout named by the last "#Fields:" header
//                      of a Windows Firewall log (W3cLayout,
//                      windows_firewall.h); unknown until a header is seen
#pragma once

#include "parse/windows_firewall.h"

namespace fwlog {

struct ParseState {
  W3cLayout windows_firewall;
};

}  // namespace fwlog
