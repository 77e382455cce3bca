#include "input/file/file_tailer.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <utility>

#include "input/file/file_finder.h"

namespace fwlog {
namespace {

constexpr std::size_t kReadBufferBytes = 64 * 1024;
// Paths no longer present are remembered (to count delete+recreate as a
// rotation) up to this many; the oldest are forgotten first.
constexpr std::size_t kMaxAbsentOccupants = 256;

struct Opened {
  UniqueFd fd;
  FileId id;
  std::uint64_t size = 0;
};

std::optional<Opened> OpenRegular(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  struct stat st {};
  if (!fd.valid() || ::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  return Opened{std::move(fd), FileId{st.st_dev, st.st_ino}, static_cast<std::uint64_t>(st.st_size)};
}

std::optional<FileId> StatRegular(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  return FileId{st.st_dev, st.st_ino};
}

}  // namespace

FileTailer::FileTailer(int input, std::string name, std::string pattern, StartAt start_at, const Clock& clock,
                       FileTailerOptions options)
    : input_(input),
      name_(std::move(name)),
      pattern_(std::move(pattern)),
      start_at_(start_at),
      clock_(clock),
      options_(options),
      buffer_(kReadBufferBytes) {
  if (options_.use_inotify) watcher_ = std::make_unique<DirWatcher>();
}

void FileTailer::Restore(const std::vector<FileCheckpoint>& checkpoints) {
  for (const auto& cp : checkpoints) {
    if (cp.input != name_) continue;
    has_state_ = true;
    if (cp.inode != 0) restore_.push_back(cp);
  }
}

bool FileTailer::Poll(LineSink& sink, InputStats& stats) {
  LineDelivery deliver{sink, stats, input_, clock_.UnixSeconds()};
  const bool changed = watcher_ && watcher_->Drain();
  const auto now = clock_.Now();
  if (first_round_) {
    RestoreStreams(stats);
    Rescan(stats, /*initial=*/true);
    first_round_ = false;
    next_rescan_ = now + options_.rescan_interval;
  } else {
    CheckTruncations(stats);
    if (changed || now >= next_rescan_) {
      Rescan(stats, /*initial=*/false);
      next_rescan_ = now + options_.rescan_interval;
    }
  }
  const bool more = ReadStreams(deliver);
  if (!more) CloseDrained();
  for (const auto& s : streams_) {
    if (s->followed()) stats.FilePosition(input_, s->path(), s->consumed(), std::max(s->last_size(), s->read_offset()));
  }
  return more;
}

void FileTailer::AppendCheckpoints(std::vector<FileCheckpoint>& out) const {
  if (first_round_ && has_state_) {  // not started yet: keep what was restored
    out.insert(out.end(), restore_.begin(), restore_.end());
    if (restore_.empty()) out.push_back(FileCheckpoint{name_, pattern_, 0, 0, 0, 0, 0});
    return;
  }
  if (streams_.empty()) out.push_back(FileCheckpoint{name_, pattern_, 0, 0, 0, 0, 0});
  for (const auto& s : streams_) {
    out.push_back(FileCheckpoint{name_, s->path(), s->id().device, s->id().inode, s->fingerprint().hash,
                                 s->fingerprint().length, s->consumed()});
  }
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
    if (!path) continue;                                  // deleted while we were down: its unread lines are gone
    auto opened = OpenRegular(*path);
    if (!opened || opened->id != id) continue;
    const Fingerprint saved{cp.fingerprint, cp.fingerprint_length};
    const bool same_bytes = HeadMatches(opened->fd.get(), saved);
    if (same_bytes && opened->size >= cp.offset) {
      streams_.push_back(
          std::make_unique<FileStream>(std::move(opened->fd), id, *path, cp.offset, options_.max_line_bytes));
      continue;
    }
    // Truncated, or rewritten, while we were down: finish from its copy.
    stats.FileTruncated(input_);
    if (saved.length > 0) OpenCopy(DirName(*path), saved, cp.offset, streams_.size());
    // A shorter file with the same first bytes is the truncated one: read it
    // from 0. An inode now holding other bytes is a new file; the rescan
    // opens it from 0 if the pattern names it.
    if (same_bytes) {
      streams_.push_back(std::make_unique<FileStream>(std::move(opened->fd), id, *path, 0, options_.max_line_bytes));
    }
  }
  restore_.clear();
}

void FileTailer::CheckTruncations(InputStats& stats) {
  for (std::size_t i = 0; i < streams_.size();) {
    FileStream& s = *streams_[i];
    const std::int64_t size = s.Size();
    if (size >= 0 && s.Truncated(size)) {
      // First the lines we had not read, from the copy if there is one.
      if (s.fingerprint().length > 0 && OpenCopy(DirName(s.path()), s.fingerprint(), s.consumed(), i)) ++i;
      if (!s.followed()) {
        // A rotated-away file rewritten in place (e.g. `cp` over it): what
        // it holds now is not a log we follow.
        streams_.erase(streams_.begin() + static_cast<std::ptrdiff_t>(i));
        continue;
      }
      stats.FileTruncated(input_);
      s.RestartFromZero();
    }
    if (size >= 0) s.set_last_size(static_cast<std::uint64_t>(size));
    ++i;
  }
}

bool FileTailer::OpenCopy(const std::string& dir, const Fingerprint& fp, std::uint64_t offset, std::size_t at) {
  const auto path = FindCopy(dir, fp, [&](FileId id) { return FindStream(id) != nullptr; });
  if (!path) return false;
  auto opened = OpenRegular(*path);
  if (!opened || FindStream(opened->id) != nullptr) return false;
  auto stream = std::make_unique<FileStream>(std::move(opened->fd), opened->id, *path, offset, options_.max_line_bytes);
  stream->set_followed(false);  // until a rescan finds the pattern names it
  stream->set_last_activity(clock_.Now());
  streams_.insert(streams_.begin() + static_cast<std::ptrdiff_t>(at), std::move(stream));
  return true;
}

void FileTailer::Rescan(InputStats& stats, bool initial) {
  if (watcher_) watcher_->Watch(WatchDirectory(pattern_));
  ExpandPattern(pattern_, paths_);
  std::vector<bool>& was_followed = was_followed_;
  was_followed.clear();
  for (auto& s : streams_) {
    was_followed.push_back(s->followed());
    s->set_followed(false);
  }
  for (auto& o : occupants_) o.present = false;
  found_.clear();
  for (const auto& p : paths_) {
    const auto id = StatRegular(p);
    if (!id) continue;
    if (FileStream* s = FindStream(*id)) {
      s->set_path(p);
      s->set_followed(true);
      NoteOccupant(p, *id);
    } else {
      found_.push_back({p, *id});
    }
  }
  const auto now = clock_.Now();
  for (std::size_t i = 0; i < was_followed.size(); ++i) {
    if (was_followed[i] && !streams_[i]->followed()) streams_[i]->set_last_activity(now);  // starts draining
  }
  for (const auto& f : found_) OpenNew(f, initial, stats);
  // Paths that no longer name a file: their position series can go.
  std::size_t absent = 0;
  for (auto& o : occupants_) {
    if (o.present) continue;
    if (!o.reported_absent) stats.FileForgotten(input_, o.path);
    o.reported_absent = true;
    ++absent;
  }
  if (absent > kMaxAbsentOccupants) {
    std::size_t drop = absent - kMaxAbsentOccupants;
    std::erase_if(occupants_, [&](const Occupant& o) { return !o.present && drop > 0 && drop-- > 0; });
  }
}

void FileTailer::OpenNew(const Found& found, bool initial, InputStats& stats) {
  auto opened = OpenRegular(found.path);
  if (!opened) return;                           // vanished or unreadable: the next rescan tries again
  if (FileStream* s = FindStream(opened->id)) {  // the path changed between stat and open
    s->set_path(found.path);
    s->set_followed(true);
    return;
  }
  if (IsCopyOfFollowed(opened->fd.get(), opened->id, opened->size)) return;
  std::uint64_t offset = 0;
  if (initial && !has_state_ && start_at_ == StartAt::kEnd) {
    offset = LastLineStart(opened->fd.get(), opened->size, options_.max_line_bytes);
  }
  for (const auto& o : occupants_) {
    if (o.path == found.path && o.last.valid() && o.last != opened->id) stats.FileRotated(input_);
  }
  NoteOccupant(found.path, opened->id);
  auto stream =
      std::make_unique<FileStream>(std::move(opened->fd), opened->id, found.path, offset, options_.max_line_bytes);
  stream->set_last_activity(clock_.Now());
  streams_.push_back(std::move(stream));
}

bool FileTailer::IsCopyOfFollowed(int fd, FileId id, std::uint64_t size) const {
  return std::any_of(streams_.begin(), streams_.end(), [&](const auto& s) {
    const Fingerprint& fp = s->fingerprint();
    return s->id() != id && fp.length > 0 && size >= fp.length && HeadMatches(fd, fp);
  });
}

void FileTailer::NoteOccupant(const std::string& path, FileId id) {
  for (auto& o : occupants_) {
    if (o.path == path) {
      o.last = id;
      o.present = true;
      o.reported_absent = false;
      return;
    }
  }
  occupants_.push_back(Occupant{path, id, true, false});
}

bool FileTailer::ReadStreams(LineDelivery& deliver) {
  std::size_t budget = options_.read_budget;
  const auto now = clock_.Now();
  for (const auto& s : streams_) {
    const auto r = s->Read(buffer_, budget, deliver);
    if (r.bytes > 0) {
      deliver.stats.BytesRead(input_, r.bytes);
      s->set_last_activity(now);
      budget -= r.bytes;
    }
    if (!r.eof) return true;
  }
  return false;
}

void FileTailer::CloseDrained() {
  const auto now = clock_.Now();
  std::erase_if(streams_, [&](const std::unique_ptr<FileStream>& s) {
    if (s->followed() || !s->at_eof() || now - s->last_activity() < options_.rotate_wait) return false;
    const std::int64_t size = s->Size();
    return size >= 0 && static_cast<std::uint64_t>(size) <= s->read_offset();
  });
}

FileStream* FileTailer::FindStream(FileId id) {
  for (const auto& s : streams_) {
    if (s->id() == id) return s.get();
  }
  return nullptr;
}

}  // namespace fwlog
