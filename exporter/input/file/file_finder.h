// Finding files on disk for the FileTailer: expanding the configured path or
// glob, and looking in a folder for a file we lost track of — by inode (it was
// renamed while we were down) or by fingerprint (a copy made by copytruncate).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "input/file/file_identity.h"

namespace fwlog {

// True when `pattern` has glob characters (* ? [).
bool IsGlob(const std::string& pattern);

// The paths `pattern` names now, sorted: the pattern itself when it is no
// glob (existing or not), else glob(3)'s matches, minus names ending in a
// compression suffix (.gz .bz2 .xz .zst .lz4 .Z): those are rotated copies,
// not text to follow. `out` is cleared first.
void ExpandPattern(const std::string& pattern, std::vector<std::string>& out);

// The folder an inotify watch on `pattern` should cover: the pattern's folder
// when that part has no glob characters, else empty.
std::string WatchDirectory(const std::string& pattern);

// A regular file in `dir` whose device and inode are `id`.
std::optional<std::string> FindByInode(const std::string& dir, FileId id);

// The most recently modified regular file in `dir` whose first fp.length bytes
// hash to fp.hash and that `skip` does not reject (fp.length must be > 0).
std::optional<std::string> FindCopy(const std::string& dir, const Fingerprint& fp,
                                    const std::function<bool(FileId)>& skip);

}  // namespace fwlog
