// ReadTextFile: a whole file into a string, for the enrich stage's loaders.
// Errors name the path and the system's reason ("ranges/x.txt: No such file or
// directory"); a missing file is NotFound, anything else Unavailable or
// InvalidArgument (a folder where a file was expected).
#pragma once

#include <string>

#include "absl/status/statusor.h"

namespace fwlog {

absl::StatusOr<std::string> ReadTextFile(const std::string& path);

}  // namespace fwlog
