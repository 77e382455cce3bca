#include "app/promtool_runner.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "core/text_file.h"

extern char** environ;

namespace fwlog {

PromtoolRunner::PromtoolRunner(std::string promtool, std::string dir, int parallel)
    : promtool_(std::move(promtool)), dir_(std::move(dir)), parallel_(parallel < 1 ? 1 : parallel) {}

PromtoolRunner::~PromtoolRunner() {
  while (!running_.empty()) (void)WaitOne();
}

absl::Status PromtoolRunner::Submit(const std::string& file) {
  while (static_cast<int>(running_.size()) >= parallel_) {
    if (absl::Status status = WaitOne(); !status.ok()) return status;
  }
  Run run{0, file, file + ".log"};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, run.log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  std::vector<std::string> args = {promtool_, "tsdb", "create-blocks-from", "openmetrics", "-q", file, dir_};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const int rc = posix_spawnp(&run.pid, promtool_.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0)
    return absl::FailedPreconditionError("cannot run " + promtool_ + ": " + std::strerror(rc) +
                                         " (install Debian's prometheus package, or give --promtool=PATH)");
  running_.push_back(std::move(run));
  return absl::OkStatus();
}

absl::Status PromtoolRunner::WaitOne() {
  Run run = std::move(running_.front());
  running_.erase(running_.begin());
  int wstatus = 0;
  while (::waitpid(run.pid, &wstatus, 0) < 0) {
    if (errno != EINTR) return absl::InternalError(std::string("waitpid: ") + std::strerror(errno));
  }
  if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0) {
    ++finished_;
    ::unlink(run.file.c_str());
    ::unlink(run.log.c_str());
    return absl::OkStatus();
  }
  const auto output = ReadTextFile(run.log);
  // 127: the shell convention posix_spawnp's child uses when exec fails.
  return absl::InternalError(promtool_ + " failed on " + run.file + " (exit " +
                             std::to_string(WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus)) +
                             "): " + (output.ok() ? *output : std::string(output.status().message())));
}

absl::Status PromtoolRunner::Wait() {
  absl::Status first;
  while (!running_.empty()) {
    absl::Status status = WaitOne();
    if (first.ok()) first = status;
  }
  return first;
}

}  // namespace fwlog
