#include "input/file/file_problems.h"

#include <cerrno>
#include <cstring>

namespace fwlog {

InputError InputErrorOf(int error) {
  switch (error) {
    case 0:
      return InputError::kNotAFile;
    case ENOENT:
    case ENOTDIR:
      return InputError::kNotFound;
    case EACCES:
    case EPERM:
      return InputError::kPermissionDenied;
    case EMFILE:
    case ENFILE:
      return InputError::kTooManyOpenFiles;
    default:
      return InputError::kOther;
  }
}

void FileProblems::BeginLook() {
  for (auto& [path, p] : problems_) p.seen = false;
  told_this_look_ = 0;
  untold_this_look_ = 0;
}

void FileProblems::Failed(const std::string& path, const char* what, int error, std::string_view note,
                          InputStats& stats) {
  auto [it, added] = problems_.try_emplace(path);
  Problem& p = it->second;
  p.seen = true;
  if (!added && p.counted && p.error == error) {
    stats.InputFailed(input_, p.reason);
    return;
  }
  p.reason = InputErrorOf(error);
  p.error = error;
  std::string message =
      std::string(what) + " " + path + ": " + (error != 0 ? std::strerror(error) : "not a regular file");
  message.append(note);
  Tell(p, message, stats);
}

void FileProblems::Missing(const std::string& path, TimePoint now, InputStats& stats) {
  auto [it, added] = problems_.try_emplace(path);
  Problem& p = it->second;
  p.seen = true;
  if (added || p.error != ENOENT) p = Problem{InputError::kNotFound, ENOENT, now, false, true};  // the grace starts
  if (p.counted) {
    stats.InputFailed(input_, p.reason);
  } else if (now - p.since >= grace_) {
    Tell(p, path + ": " + std::strerror(ENOENT) + " (followed as soon as it appears)", stats);
  }
}

void FileProblems::Tell(Problem& p, std::string_view message, InputStats& stats) {
  stats.InputFailed(input_, p.reason);
  p.counted = true;
  if (told_this_look_ < kMaxNoticesPerLook) {
    stats.InputNotice(input_, message, true);
    ++told_this_look_;
  } else {
    ++untold_this_look_;
    untold_reason_ = p.reason;
  }
}

void FileProblems::Fine(const std::string& path, InputStats& stats) {
  if (problems_.empty()) return;
  const auto it = problems_.find(path);
  if (it == problems_.end()) return;
  if (it->second.counted) stats.InputNotice(input_, path + " can be read again", false);
  problems_.erase(it);
}

void FileProblems::EndLook(bool partial, InputStats& stats) {
  if (!partial) std::erase_if(problems_, [](const auto& entry) { return !entry.second.seen; });
  if (untold_this_look_ > 0) {
    stats.InputNotice(input_,
                      std::to_string(untold_this_look_) + " more paths cannot be read (" +
                          std::string(InputErrorName(untold_reason_)) + "; fwlog_input_errors_total counts them)",
                      true);
  }
}

}  // namespace fwlog
