// DirWatcher: inotify on the folders the followed paths live in, so the loop
// wakes at once when a file there is written, created, renamed or deleted.
//
// It only speeds things up: the FileTailer rescans on a timer anyway, so where
// inotify is missing, out of watches, or the folder does not exist yet, files
// are still followed by polling. Not thread-safe.
#pragma once

#include <string>
#include <vector>

#include "input/unique_fd.h"

namespace fwlog {

class DirWatcher {
 public:
  DirWatcher();
  // The descriptor to wait on; -1 when inotify is not available.
  int fd() const { return fd_.get(); }
  // Watches `dir` (again, if it was removed). Cheap when already watched.
  void Watch(const std::string& dir);
  // Reads all pending events. True if any of them changed a folder's entries
  // (create, delete, rename, attributes, overflow), i.e. a rescan is due.
  bool Drain();

 private:
  UniqueFd fd_;
  std::vector<std::pair<int, std::string>> watches_;  // watch descriptor, folder
};

}  // namespace fwlog
