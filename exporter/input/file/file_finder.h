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
// For a glob, also whether its folder (GlobFolder) could be read: 0, or the
// errno of opening it (ENOENT: it does not exist). glob(3) reports no such
// error, and a folder that cannot be read is not a folder without files.
// (A deeper folder of a glob like /var/log/*/fw.log that cannot be read is
// not seen: its files are simply not among the matches.)
int ExpandPattern(const std::string& pattern, std::vector<std::string>& out);

// The deepest folder of `pattern` without glob characters: the folder a
// glob's expansion starts reading.
std::string GlobFolder(const std::string& pattern);

// Whether `path` is one `pattern` names (the pattern itself, or a glob
// match as glob(3) makes them: `*` does not cross '/' nor match a leading '.').
bool PatternNames(const std::string& pattern, const std::string& path);

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
