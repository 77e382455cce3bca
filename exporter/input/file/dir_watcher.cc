#include "input/file/dir_watcher.h"

#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstring>

namespace fwlog {

DirWatcher::DirWatcher() : fd_(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {}

void DirWatcher::Watch(const std::string& dir) {
  if (!fd_.valid() || dir.empty()) return;
  const bool known = std::any_of(watches_.begin(), watches_.end(), [&](const auto& w) { return w.second == dir; });
  if (known) return;
  const int wd = ::inotify_add_watch(fd_.get(), dir.c_str(),
                                     IN_MODIFY | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB |
                                         IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR);
  if (wd >= 0) watches_.emplace_back(wd, dir);
}

bool DirWatcher::Drain() {
  if (!fd_.valid()) return false;
  bool structural = false;
  alignas(inotify_event) std::array<char, 8192> buf;
  for (;;) {
    const ssize_t n = ::read(fd_.get(), buf.data(), buf.size());
    if (n <= 0) break;
    for (ssize_t off = 0; off < n;) {
      inotify_event ev;
      std::memcpy(&ev, buf.data() + off, sizeof ev);
      off += static_cast<ssize_t>(sizeof(inotify_event) + ev.len);
      if ((ev.mask & ~static_cast<std::uint32_t>(IN_MODIFY)) != 0) structural = true;
      if ((ev.mask & IN_IGNORED) != 0) {
        const int gone = ev.wd;  // clang refuses to capture a struct with a flexible array member
        std::erase_if(watches_, [gone](const auto& w) { return w.first == gone; });
      }
    }
  }
  return structural;
}

}  // namespace fwlog
