// FileTailer's rounds: truncation checks, rescans, reading, closing (the
// checkpoints and known files are in file_tailer_state.cc).
#include "input/file/file_tailer.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <utility>

#include "input/file/file_finder.h"

namespace fwlog {
namespace {

constexpr std::size_t kReadBufferBytes = 64 * 1024;
// Paths no longer present are remembered (to count delete+recreate as a
// rotation) up to this many; the oldest are forgotten first.
constexpr std::size_t kMaxAbsentOccupants = 256;

}  // namespace

FileTailer::FileTailer(int input, std::string name, std::string pattern, StartAt start_at, const Clock& clock,
                       FileTailerOptions options)
    : input_(input),
      name_(std::move(name)),
      pattern_(std::move(pattern)),
      start_at_(start_at),
      clock_(clock),
      options_(options),
      problems_(input, options.rotate_wait),
      buffer_(kReadBufferBytes) {
  if (options_.use_inotify) watcher_ = std::make_unique<DirWatcher>();
}

bool FileTailer::Poll(LineSink& sink, InputStats& stats) {
  LineDelivery deliver{sink, stats, input_, clock_.UnixSeconds()};
  const bool changed = watcher_ && watcher_->Drain();
  const auto now = clock_.Now();
  if (first_round_) {
    RestoreStreams(stats);
    Rescan(stats, /*initial=*/true);
    first_round_ = false;
    files_changed_ = true;
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
  stats.FilesOpen(input_, streams_.size());
  return more;
}

std::optional<FileTailer::Opened> FileTailer::Open(const std::string& path, bool force, int& error) {
  Opened opened;
  if (options_.budget != nullptr && !options_.budget->Take(opened.slot, force)) {
    error = EMFILE;
    return std::nullopt;
  }
  opened.fd = UniqueFd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  struct stat st {};
  if (!opened.fd.valid() || ::fstat(opened.fd.get(), &st) != 0) {
    error = errno;
    return std::nullopt;
  }
  if (!S_ISREG(st.st_mode)) {
    error = 0;
    return std::nullopt;
  }
  opened.id = FileId{st.st_dev, st.st_ino};
  opened.size = static_cast<std::uint64_t>(st.st_size);
  return opened;
}

void FileTailer::Push(Opened opened, const std::string& path, std::uint64_t offset, std::size_t at) {
  auto stream = std::make_unique<FileStream>(std::move(opened.fd), opened.id, path, offset, options_.max_line_bytes);
  stream->HoldSlot(std::move(opened.slot));
  stream->set_last_activity(clock_.Now());
  streams_.insert(streams_.begin() + static_cast<std::ptrdiff_t>(at), std::move(stream));
  files_changed_ = true;
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
        files_changed_ = true;
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
  int error = 0;
  auto opened = Open(*path, /*force=*/true, error);  // its unread lines are nowhere else
  if (!opened || FindStream(opened->id) != nullptr) return false;
  Push(std::move(*opened), *path, offset, at);
  streams_[at]->set_followed(false);  // until a rescan finds the pattern names it
  return true;
}

void FileTailer::Rescan(InputStats& stats, bool initial) {
  if (watcher_) watcher_->Watch(WatchDirectory(pattern_));
  const auto now = clock_.Now();
  const bool glob = IsGlob(pattern_);
  problems_.BeginLook();
  const int folder_error = ExpandPattern(pattern_, paths_);
  // A folder that cannot be read says nothing about the files in it: the
  // streams keep what they were (out of descriptors, the folder unreadable
  // for a while), and nothing is read twice when it can be read again. The
  // same for one path that cannot be looked at.
  const bool partial = folder_error != 0 && folder_error != ENOENT && folder_error != ENOTDIR;
  std::vector<bool>& was_followed = was_followed_;
  was_followed.clear();
  for (auto& s : streams_) {
    was_followed.push_back(s->followed());
    s->set_followed(false);
  }
  for (auto& o : occupants_) o.present = partial;
  found_.clear();
  for (const auto& p : paths_) {
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0) {
      const int error = errno;
      if (error != ENOENT && error != ENOTDIR) {
        problems_.Failed(p, "cannot look at", error, {}, stats);
        for (std::size_t i = 0; i < was_followed.size(); ++i) {
          if (was_followed[i] && streams_[i]->path() == p) streams_[i]->set_followed(true);
        }
        for (auto& o : occupants_) o.present = o.present || o.path == p;
      } else if (!glob) {
        problems_.Missing(p, now, stats);  // a glob's match gone since is just gone
      }
      continue;
    }
    if (!S_ISREG(st.st_mode)) {
      problems_.Failed(p, "cannot follow", 0, {}, stats);
      continue;
    }
    const FileId id{st.st_dev, st.st_ino};
    if (FileStream* s = FindStream(id)) {
      // The first path naming it in this look, so that a file two paths
      // name (a symlink to it in the glob too) keeps one.
      if (!s->followed()) {
        if (s->path() != p) files_changed_ = true;
        s->set_path(p);
        s->set_followed(true);
      }
      NoteOccupant(p, id);
      problems_.Fine(p, stats);
    } else {
      found_.push_back({p, id});
    }
  }
  if (glob) {
    const std::string folder = GlobFolder(pattern_);
    if (partial) {
      problems_.Failed(folder, "cannot read folder", folder_error, {}, stats);
    } else {
      problems_.Fine(folder, stats);
      if (paths_.empty()) {
        problems_.Missing(pattern_, now, stats);
      } else {
        problems_.Fine(pattern_, stats);
      }
    }
  }
  for (std::size_t i = 0; i < was_followed.size(); ++i) {
    if (partial && was_followed[i]) streams_[i]->set_followed(true);
    if (was_followed[i] && !streams_[i]->followed()) {
      streams_[i]->set_last_activity(now);  // starts draining
      files_changed_ = true;
    }
  }
  for (const auto& f : found_) OpenNew(f, initial, stats);
  problems_.EndLook(partial, stats);
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
  int error = 0;
  auto opened = Open(found.path, /*force=*/false, error);
  if (!opened) {
    if (error == ENOENT) return;  // vanished since the rescan's stat
    problems_.Failed(found.path, "cannot open", error, error == EMFILE ? BudgetNote() : std::string(), stats);
    return;  // the next look tries again
  }
  problems_.Fine(found.path, stats);
  if (FileStream* s = FindStream(opened->id)) {  // another path of this look, or it changed since the stat
    if (!s->followed()) {
      s->set_path(found.path);
      s->set_followed(true);
      files_changed_ = true;
    }
    return;
  }
  const bool rotated = std::any_of(occupants_.begin(), occupants_.end(), [&](const Occupant& o) {
    return o.path == found.path && o.last.valid() && o.last != opened->id;
  });
  // A file we read before, back at a path: where we left it.
  if (auto known = TakeKnown(opened->id); known && Resume(*known, found.path, *opened, stats)) {
    if (rotated) stats.FileRotated(input_);
    NoteOccupant(found.path, FileId{known->device, known->inode});
    return;
  }
  if (IsCopyOfFollowed(opened->fd.get(), opened->id, opened->size)) return;
  std::uint64_t offset = 0;
  if (initial && !has_state_ && start_at_ == StartAt::kEnd) {
    offset = LastLineStart(opened->fd.get(), opened->size, options_.max_line_bytes);
  }
  if (rotated) stats.FileRotated(input_);
  NoteOccupant(found.path, opened->id);
  Push(std::move(*opened), found.path, offset, streams_.size());
}

std::string FileTailer::BudgetNote() const {
  if (options_.budget == nullptr || options_.budget->used() < options_.budget->limit()) return {};
  return " (the file inputs hold " + std::to_string(options_.budget->limit()) +
         " files open, all they may under RLIMIT_NOFILE " + std::to_string(options_.budget->rlimit()) +
         "; raise it, e.g. LimitNOFILE= in the systemd unit)";
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
    if (size < 0 || static_cast<std::uint64_t>(size) > s->read_offset()) return false;
    // Still somewhere (renamed away, its folder unreadable): known by its
    // identity should a path name it again. A deleted file never comes back.
    if (!s->Deleted()) {
      Remember(FileCheckpoint{name_, s->path(), s->id().device, s->id().inode, s->fingerprint().hash,
                              s->fingerprint().length, s->consumed(), true});
    }
    files_changed_ = true;
    return true;
  });
}

FileStream* FileTailer::FindStream(FileId id) {
  for (const auto& s : streams_) {
    if (s->id() == id) return s.get();
  }
  return nullptr;
}

}  // namespace fwlog
