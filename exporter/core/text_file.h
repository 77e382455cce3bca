// ReadTextFile: a whole file into a string: the one reader of whole files
// (the configuration, the web configuration, the state file, the range
// catalogs, the IANA registry, the country table's cache, /proc files).
// Errors name the path and the system's reason ("ranges/x.txt: No such file
// or directory"): a missing file is NotFound, one that may not be read
// PermissionDenied, a folder where a file was expected InvalidArgument,
// anything else Unavailable. Reads to the end, so files whose size the
// kernel does not know (/proc) are read whole too.
#pragma once

#include <string>

#include "absl/status/statusor.h"

namespace fwlog {

absl::StatusOr<std::string> ReadTextFile(const std::string& path);

}  // namespace fwlog
