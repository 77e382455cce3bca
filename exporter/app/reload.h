// Reloader: the LineSink and InputStats the input runner reports to in
// `serve`. It forwards every line to the current Pipeline, and replaces that
// pipeline when the configuration is reloaded (SIGHUP or POST /-/reload).
//
// How a reload works (docs/security.md, "Reload"):
//  1. Reload() (any thread) reads the configuration again and builds a whole
//     new Pipeline on a new Registry. Any error (file:line:col) is returned
//     and logged; the running pipeline is untouched, and
//     fwlog_config_last_reload_successful becomes 0.
//  2. The new pipeline is handed to the input thread, which swaps it in
//     between two lines (at its next line or its next tick): counters whose
//     definition is unchanged take over their values (CounterSet::Snapshot /
//     Restore), every health counter of the old pipeline is carried over to
//     the same series in the new one, and /metrics serves the new registry.
//     No line is lost or counted twice, because the input thread is the only
//     one that counts and the swap happens on it.
//  3. What the input runner owns cannot change without a restart: the inputs
//     (names, paths, listeners, start_at), state_file and max_line_bytes. A
//     reload that changes them is rejected with the position of the change;
//     an input's format and timezone may change.
#pragma once

#include <prometheus/collectable.h>
#include <prometheus/registry.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "absl/status/statusor.h"
#include "app/commands.h"
#include "app/pipeline.h"

namespace fwlog {

class Reloader : public LineSink, public InputStats {
 public:
  // `publish` is called (on the input thread) with the new registry once it
  // is in place, to serve it.
  using Publish = std::function<void(std::shared_ptr<prometheus::Registry>)>;
  Reloader(CommonOptions common, std::shared_ptr<prometheus::Registry> registry, std::unique_ptr<Pipeline> pipeline,
           Publish publish);
  ~Reloader() override;

  // Any thread (one reload at a time). Returns empty on success, else the
  // error (file:line:col: message). Waits up to `wait` for the input thread
  // to take the new pipeline.
  std::string Reload(std::chrono::milliseconds wait = std::chrono::seconds(30));

  // Something reloaded with the configuration (the web config): Reload()
  // first calls `prepare`, whose error fails the reload as a bad
  // configuration does, and runs the action it returns only once the new
  // pipeline is in place; either failing keeps both as they were.
  using Companion = std::function<absl::StatusOr<std::function<void()>>()>;
  void SetCompanion(Companion prepare) { companion_ = std::move(prepare); }

  // Input thread only: swaps in a pending pipeline (also called from the
  // checkpoint hook, so an idle exporter reloads too).
  void SwapIfPending() {
    if (pending_flag_.load(std::memory_order_acquire)) Swap();
  }
  // Input thread only.
  Pipeline& current() { return *current_; }

  void OnLine(const LogLine& line) override {
    SwapIfPending();
    current_->OnLine(line);
  }
  void OnLines(std::span<const LogLine> lines) override {
    SwapIfPending();
    current_->OnLines(lines);
  }
  void Flush() override {
    SwapIfPending();
    current_->Flush();
  }
  void BytesRead(int input, std::size_t bytes) override { current_->BytesRead(input, bytes); }
  void FileRotated(int input) override { current_->FileRotated(input); }
  void FileTruncated(int input) override { current_->FileTruncated(input); }
  void FilePosition(int input, std::string_view path, std::uint64_t offset, std::uint64_t size) override {
    current_->FilePosition(input, path, offset, size);
  }
  void FileForgotten(int input, std::string_view path) override { current_->FileForgotten(input, path); }
  void SyslogDropped(int input, std::string_view reason, std::uint64_t count) override {
    current_->SyslogDropped(input, reason, count);
  }
  void SyslogSendersRejected(int input, std::uint64_t count) override { current_->SyslogSendersRejected(input, count); }
  void InputFailed(int input, InputError reason) override { current_->InputFailed(input, reason); }
  void InputNotice(int input, std::string_view message, bool warning) override {
    current_->InputNotice(input, message, warning);
  }
  void FilesOpen(int input, std::size_t count) override { current_->FilesOpen(input, count); }

 private:
  void Swap();
  void Failed(const std::string& error);

  const CommonOptions common_;
  std::shared_ptr<prometheus::Registry> registry_;
  std::unique_ptr<Pipeline> current_;
  Publish publish_;

  std::mutex reload_mu_;  // one Reload() at a time
  Companion companion_;
  std::mutex mu_;  // guards the fields below
  std::condition_variable swapped_;
  std::atomic<bool> pending_flag_{false};
  std::unique_ptr<Pipeline> pending_;
  std::shared_ptr<prometheus::Registry> pending_registry_;
  std::uint64_t swaps_ = 0;
};

// Why `next` cannot be applied by a reload over `running` (the inputs, the
// state file or the line limit changed), with the position; empty if it can.
std::string RestartNeeded(const Config& running, const Config& next);

// Adds every counter value of `from` to the same series in `to`, for series
// that already exist there and families not named in `skip`.
void CarryOverCounters(const prometheus::Registry& from, prometheus::Registry& to,
                       const std::vector<std::string>& skip);

}  // namespace fwlog
