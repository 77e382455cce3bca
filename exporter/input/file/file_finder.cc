#include "input/file/file_finder.h"

#include <dirent.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <glob.h>
#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <string_view>

#include "input/unique_fd.h"

namespace fwlog {
namespace {

bool IsCompressedName(std::string_view name) {
  static constexpr std::array<std::string_view, 6> kSuffixes = {".gz", ".bz2", ".xz", ".zst", ".lz4", ".Z"};
  return std::any_of(kSuffixes.begin(), kSuffixes.end(), [&](std::string_view s) { return name.ends_with(s); });
}

// Calls `f(path, stat)` for each regular file directly in `dir`.
template <typename F>
void ForEachFile(const std::string& dir, F&& f) {
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) return;
  std::string path;
  while (const dirent* e = ::readdir(d)) {
    const std::string_view name = e->d_name;
    if (name == "." || name == "..") continue;
    path.assign(dir).append("/").append(name);
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    f(path, st);
  }
  ::closedir(d);
}

}  // namespace

bool IsGlob(const std::string& pattern) { return pattern.find_first_of("*?[") != std::string::npos; }

int ExpandPattern(const std::string& pattern, std::vector<std::string>& out) {
  out.clear();
  if (!IsGlob(pattern)) {
    out.push_back(pattern);
    return 0;
  }
  glob_t g{};
  if (::glob(pattern.c_str(), 0, nullptr, &g) == 0) {
    for (std::size_t i = 0; i < g.gl_pathc; ++i) {
      if (!IsCompressedName(g.gl_pathv[i])) out.emplace_back(g.gl_pathv[i]);
    }
  }
  ::globfree(&g);
  // Whether the folder could be read at all: one more opendir, once a look.
  DIR* d = ::opendir(GlobFolder(pattern).c_str());
  if (d == nullptr) return errno;
  ::closedir(d);
  return 0;
}

std::string GlobFolder(const std::string& pattern) {
  std::string dir = DirName(pattern);
  while (IsGlob(dir)) dir = DirName(dir);
  return dir;
}

bool PatternNames(const std::string& pattern, const std::string& path) {
  if (!IsGlob(pattern)) return pattern == path;
  return !IsCompressedName(path) && ::fnmatch(pattern.c_str(), path.c_str(), FNM_PATHNAME | FNM_PERIOD) == 0;
}

std::string WatchDirectory(const std::string& pattern) {
  const std::string dir = DirName(pattern);
  return IsGlob(dir) ? std::string() : dir;
}

std::optional<std::string> FindByInode(const std::string& dir, FileId id) {
  std::optional<std::string> found;
  ForEachFile(dir, [&](const std::string& path, const struct stat& st) {
    if (!found && FileId{st.st_dev, st.st_ino} == id) found = path;
  });
  return found;
}

std::optional<std::string> FindCopy(const std::string& dir, const Fingerprint& fp,
                                    const std::function<bool(FileId)>& skip) {
  std::optional<std::string> best;
  struct timespec best_mtime {};
  ForEachFile(dir, [&](const std::string& path, const struct stat& st) {
    if (static_cast<std::uint64_t>(st.st_size) < fp.length || skip(FileId{st.st_dev, st.st_ino})) return;
    const bool newer = !best || st.st_mtim.tv_sec > best_mtime.tv_sec ||
                       (st.st_mtim.tv_sec == best_mtime.tv_sec && st.st_mtim.tv_nsec > best_mtime.tv_nsec);
    if (!newer) return;
    const UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.valid() && HeadMatches(fd.get(), fp)) {
      best = path;
      best_mtime = st.st_mtim;
    }
  });
  return best;
}

}  // namespace fwlog
