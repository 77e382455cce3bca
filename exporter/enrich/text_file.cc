#include "enrich/text_file.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fwlog {

absl::StatusOr<std::string> ReadTextFile(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return absl::InvalidArgumentError(path + ": is a folder, expected a file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int err = errno;
    const std::string reason = err != 0 ? std::strerror(err) : "cannot open";
    if (err == ENOENT) return absl::NotFoundError(path + ": " + reason);
    return absl::UnavailableError(path + ": " + reason);
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return absl::UnavailableError(path + ": read error");
  return std::move(text).str();
}

}  // namespace fwlog
