#include "input/input_runner.h"

#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <limits>
#include <set>

#include "input/file/file_tailer.h"
#include "input/input.h"
#include "input/stdin_input.h"
#include "input/syslog/syslog_input.h"

namespace fwlog {
namespace {

// FileTailer as an Input.
class FileInput : public Input {
 public:
  FileInput(int input, const InputSpec& spec, const Clock& clock, FileTailerOptions options)
      : tailer_(input, spec.name, spec.path, spec.start_at, clock, options) {}
  bool Poll(LineSink& sink, InputStats& stats) override { return tailer_.Poll(sink, stats); }
  void AppendWakeFds(std::vector<int>& fds) const override {
    if (tailer_.wake_fd() >= 0) fds.push_back(tailer_.wake_fd());
  }
  void Restore(const std::vector<FileCheckpoint>& checkpoints) override { tailer_.Restore(checkpoints); }
  std::size_t Adopt(std::vector<FileCheckpoint>& orphans) override { return tailer_.Adopt(orphans); }
  void AppendCheckpoints(std::vector<FileCheckpoint>& out) const override { tailer_.AppendCheckpoints(out); }
  bool TakeFilesChanged() override { return tailer_.TakeFilesChanged(); }

 private:
  FileTailer tailer_;
};

// The files open at once the file inputs may hold: RLIMIT_NOFILE less what
// the rest of the exporter may need, and never fewer than a few.
std::size_t FileDescriptorLimit(const Config& config, std::size_t reserved, std::size_t& rlimit) {
  constexpr std::size_t kFloor = 16;
  struct rlimit rl {};
  rlimit = ::getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY ? static_cast<std::size_t>(rl.rlim_cur)
                                                                                : std::numeric_limits<int>::max();
  for (const auto& spec : config.inputs) {
    if (spec.kind != InputKind::kSyslog) continue;
    reserved += 1;  // the listening socket
    if (spec.syslog.protocol == SyslogProtocol::kTcp) reserved += spec.syslog.max_connections;
  }
  return rlimit > reserved + kFloor ? rlimit - reserved : kFloor;
}

}  // namespace

struct InputRunner::Impl {
  Impl(const Config& config, LineSink& s, InputStats& st, InputRunnerOptions o)
      : sink(s), stats(st), options(o), clock(o.clock != nullptr ? *o.clock : SystemClock()) {
    if (options.waker == nullptr) {
      own_waker = std::make_unique<PollWaker>();
      options.waker = own_waker.get();
    }
    std::size_t rlimit = 0;
    const std::size_t limit = FileDescriptorLimit(config, options.reserved_descriptors, rlimit);
    budget = std::make_unique<DescriptorBudget>(limit, rlimit);
    FileTailerOptions file_options;
    file_options.budget = budget.get();
    file_options.max_line_bytes = config.max_line_bytes;
    file_options.rescan_interval = options.poll_interval;
    file_options.rotate_wait = options.rotate_wait;
    file_options.use_inotify = options.use_inotify;
    for (std::size_t i = 0; i < config.inputs.size(); ++i) {
      const InputSpec& spec = config.inputs[i];
      const int index = static_cast<int>(i);
      names.push_back(spec.name);
      switch (spec.kind) {
        case InputKind::kFile:
          inputs.push_back(std::make_unique<FileInput>(index, spec, clock, file_options));
          break;
        case InputKind::kStdin:
          inputs.push_back(std::make_unique<StdinInput>(index, options.stdin_fd, config.max_line_bytes, clock));
          break;
        case InputKind::kSyslog: {
          const auto idle = options.syslog_idle_timeout.count() > 0
                                ? options.syslog_idle_timeout
                                : std::chrono::milliseconds(std::chrono::seconds(spec.syslog.idle_timeout_seconds));
          inputs.push_back(std::make_unique<SyslogInput>(index, spec.syslog, config.max_line_bytes, idle));
          break;
        }
      }
    }
  }

  // One round over every input; true when one of them has more right now.
  bool Round() {
    bool more = false;
    for (auto& in : inputs) {
      if (stop.load()) break;
      more = in->Poll(sink, stats) || more;
    }
    return more;
  }

  LineSink& sink;
  InputStats& stats;
  InputRunnerOptions options;
  const Clock& clock;
  std::unique_ptr<Waker> own_waker;
  std::unique_ptr<DescriptorBudget> budget;  // before the inputs: their streams hold slots
  std::vector<std::unique_ptr<Input>> inputs;
  std::vector<std::string> names;  // of every input
  std::function<void()> hook;
  std::chrono::milliseconds hook_interval{0};
  std::function<void()> tick;
  std::chrono::milliseconds tick_interval{0};
  std::atomic<bool> stop{false};
  bool ran = false;
};

InputRunner::InputRunner(const Config& config, LineSink& sink, InputStats& stats)
    : InputRunner(config, sink, stats, InputRunnerOptions{}) {}

InputRunner::InputRunner(const Config& config, LineSink& sink, InputStats& stats, InputRunnerOptions options)
    : impl_(std::make_unique<Impl>(config, sink, stats, options)) {}

InputRunner::~InputRunner() = default;

RestoreSummary InputRunner::Restore(const std::vector<FileCheckpoint>& files) {
  for (auto& in : impl_->inputs) in->Restore(files);
  const std::set<std::string, std::less<>> names(impl_->names.begin(), impl_->names.end());
  std::vector<FileCheckpoint> orphans;
  for (const auto& cp : files) {
    if (!names.contains(cp.input)) orphans.push_back(cp);
  }
  RestoreSummary summary;
  for (auto& in : impl_->inputs) {
    if (orphans.empty()) break;
    summary.adopted += in->Adopt(orphans);
  }
  summary.dropped = orphans.size();
  return summary;
}

void InputRunner::SetCheckpointHook(std::function<void()> hook, std::chrono::milliseconds interval) {
  impl_->hook = std::move(hook);
  impl_->hook_interval = interval;
}

void InputRunner::SetTickHook(std::function<void()> tick, std::chrono::milliseconds interval) {
  impl_->tick = std::move(tick);
  impl_->tick_interval = interval;
}

std::vector<FileCheckpoint> InputRunner::Checkpoints() const {
  std::vector<FileCheckpoint> out;
  for (const auto& in : impl_->inputs) in->AppendCheckpoints(out);
  return out;
}

absl::Status InputRunner::Run() {
  Impl& m = *impl_;
  if (m.ran) return absl::FailedPreconditionError("InputRunner::Run called twice");
  m.ran = true;
  for (std::size_t i = 0; i < m.inputs.size(); ++i) {
    absl::Status error = m.inputs[i]->Start();
    if (!error.ok()) {
      for (std::size_t j = 0; j < i; ++j) m.inputs[j]->Shutdown();
      return error;
    }
  }
  using std::chrono::milliseconds;
  const auto start = m.clock.Now();
  auto next_hook = start + m.hook_interval;
  auto next_tick = start + m.tick_interval;
  bool first = true;
  std::vector<int> fds;
  while (!m.stop.load()) {
    const bool more = m.Round();
    if (!more) m.sink.Flush();
    // Every input is asked, so each clears its flag.
    bool changed = std::exchange(first, false);
    for (auto& in : m.inputs) changed = in->TakeFilesChanged() || changed;
    const auto now = m.clock.Now();
    if (m.tick && m.tick_interval.count() > 0 && now >= next_tick) {
      m.tick();
      next_tick = now + m.tick_interval;
    }
    if (m.hook && (changed || (m.hook_interval.count() > 0 && now >= next_hook))) {
      m.hook();
      next_hook = now + m.hook_interval;
    }
    if (m.stop.load()) break;
    fds.clear();
    for (const auto& in : m.inputs) in->AppendWakeFds(fds);
    auto timeout = m.options.poll_interval;
    const auto until = [&](std::chrono::steady_clock::time_point t) {
      return std::chrono::duration_cast<milliseconds>(t - now) + milliseconds(1);
    };
    if (m.hook && m.hook_interval.count() > 0) timeout = std::min(timeout, until(next_hook));
    if (m.tick && m.tick_interval.count() > 0) timeout = std::min(timeout, until(next_tick));
    m.options.waker->Wait(fds, more ? milliseconds(0) : timeout);
  }
  // Lines already accepted by a listener have no other way in: hand them over.
  for (auto& in : m.inputs) {
    in->Shutdown();
    if (in->HoldsAcceptedLines()) {
      while (in->Poll(m.sink, m.stats)) {
      }
    }
  }
  m.sink.Flush();
  if (m.hook) m.hook();
  return absl::OkStatus();
}

void InputRunner::Stop() {
  impl_->stop = true;
  impl_->options.waker->Wake();
}

int InputRunner::SyslogPort(std::size_t input) const {
  if (input >= impl_->inputs.size()) return 0;
  const auto* syslog = dynamic_cast<const SyslogInput*>(impl_->inputs[input].get());
  return syslog != nullptr ? syslog->port() : 0;
}

}  // namespace fwlog
