// FileTailer and the state file: restoring saved checkpoints, adopting those
// of a renamed input, resuming files by identity, remembering closed files,
// and the checkpoints to save (the rounds are in file_tailer.cc).
#include <sys/stat.h>

#include <algorithm>

#include "input/file/file_finder.h"
#include "input/file/file_tailer.h"

namespace fwlog {
namespace {

std::optional<FileId> StatRegular(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  return FileId{st.st_dev, st.st_ino};
}

}  // namespace

void FileTailer::Restore(const std::vector<FileCheckpoint>& checkpoints) {
  for (const auto& cp : checkpoints) {
    if (cp.input != name_) continue;
    has_state_ = true;
    if (cp.inode == 0) continue;
    if (cp.closed) {
      Remember(cp);
    } else {
      restore_.push_back(cp);
    }
  }
}

std::size_t FileTailer::Adopt(std::vector<FileCheckpoint>& orphans) {
  std::vector<FileId> named;  // what the pattern's paths name now
  ExpandPattern(pattern_, paths_);
  for (const auto& p : paths_) {
    if (const auto id = StatRegular(p)) named.push_back(*id);
  }
  std::vector<FileCheckpoint> mine;
  std::erase_if(orphans, [&](const FileCheckpoint& cp) {
    const FileId id{cp.device, cp.inode};
    const bool adopt =
        PatternNames(pattern_, cp.path) || (id.valid() && std::find(named.begin(), named.end(), id) != named.end());
    if (adopt) {
      mine.push_back(cp);
      mine.back().input = name_;
    }
    return adopt;
  });
  Restore(mine);
  return mine.size();
}

void FileTailer::AppendCheckpoints(std::vector<FileCheckpoint>& out) const {
  const std::size_t before = out.size();
  if (first_round_ && has_state_) {  // not started yet: keep what was restored
    out.insert(out.end(), restore_.begin(), restore_.end());
  } else {
    for (const auto& s : streams_) {
      out.push_back(FileCheckpoint{name_, s->path(), s->id().device, s->id().inode, s->fingerprint().hash,
                                   s->fingerprint().length, s->consumed()});
    }
  }
  out.insert(out.end(), known_.begin(), known_.end());
  if (out.size() == before && (has_state_ || !first_round_))
    out.push_back(FileCheckpoint{name_, pattern_, 0, 0, 0, 0, 0});
}

void FileTailer::RestoreStreams(InputStats& stats) {
  ExpandPattern(pattern_, paths_);
  for (const auto& cp : restore_) {
    const FileId id{cp.device, cp.inode};
    if (FindStream(id) != nullptr) continue;
    std::optional<std::string> path;
    for (const auto& p : paths_) {
      if (StatRegular(p) == id) {
        path = p;
        break;
      }
    }
    if (!path) path = FindByInode(DirName(cp.path), id);  // renamed while we were down
    int error = 0;
    auto opened = path ? Open(*path, /*force=*/true, error) : std::nullopt;
    if (!opened || opened->id != id) {
      // Not to be seen now: deleted while we were down (its unread lines
      // are gone), or moved or unreadable for a while. Known by identity
      // for as long as the state knows it, should it come back.
      Remember(cp);
      continue;
    }
    Resume(cp, *path, *opened, stats);
  }
  restore_.clear();
}

bool FileTailer::Resume(const FileCheckpoint& cp, const std::string& path, Opened& opened, InputStats& stats) {
  const Fingerprint saved{cp.fingerprint, cp.fingerprint_length};
  const bool same_bytes = HeadMatches(opened.fd.get(), saved);
  if (same_bytes && opened.size >= cp.offset) {
    Push(std::move(opened), path, cp.offset, streams_.size());
    return true;
  }
  // Truncated, or rewritten, while we did not look: finish from its copy.
  stats.FileTruncated(input_);
  if (saved.length > 0) OpenCopy(DirName(path), saved, cp.offset, streams_.size());
  // A shorter file with the same first bytes is the truncated one: read it
  // from 0. An inode now holding other bytes is a new file.
  if (!same_bytes) return false;
  Push(std::move(opened), path, 0, streams_.size());
  return true;
}

void FileTailer::Remember(FileCheckpoint cp) {
  std::erase_if(known_, [&](const FileCheckpoint& k) { return k.device == cp.device && k.inode == cp.inode; });
  cp.input = name_;
  cp.closed = true;
  known_.push_back(std::move(cp));
  if (known_.size() > kMaxKnownFiles) known_.pop_front();
}

std::optional<FileCheckpoint> FileTailer::TakeKnown(FileId id) {
  const auto it = std::find_if(known_.begin(), known_.end(), [&](const FileCheckpoint& k) {
    return FileId{k.device, k.inode} == id;
  });
  if (it == known_.end()) return std::nullopt;
  FileCheckpoint cp = std::move(*it);
  known_.erase(it);
  return cp;
}

}  // namespace fwlog
