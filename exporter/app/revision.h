// The git revision the binary was built from (12 hex digits, or "unknown"),
// written at build time rather than at configure time, so `--version` and
// fwlog_build_info name the commit actually built.
#pragma once

namespace fwlog {

extern const char* const kRevision;

}  // namespace fwlog
