// `serve` (the default command): follow the configured inputs, keep the
// state file, serve /metrics until SIGTERM/SIGINT.
#include <prometheus/registry.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <ctime>
#include <iostream>
#include <thread>

#include "app/commands.h"
#include "app/config_source.h"
#include "app/pipeline.h"
#include "http/metrics_server.h"
#include "input/input_runner.h"
#include "metrics/process_collector.h"
#include "state/state_file.h"

namespace fwlog {
namespace {

constexpr auto kCheckpointInterval = std::chrono::seconds(5);

// Restores counters and file offsets from the state file; a file that cannot
// be trusted is reported and set aside, and the exporter starts afresh.
void RestoreState(const std::string& path, Pipeline& pipeline, InputRunner& runner) {
  if (path.empty()) return;
  auto state = ReadState(path);
  if (!state.ok()) {
    if (absl::IsNotFound(state.status())) return;  // first start
    const auto aside = SetAside(path);
    std::cerr << "fwlog_exporter: warning: state file " << path << " is unusable (" << state.status().message()
              << "); " << (aside.ok() ? "set aside as " + *aside : "could not set it aside")
              << ", starting afresh\n";
    return;
  }
  const auto restored = pipeline.counters().Restore(state->metrics);
  runner.Restore(state->files);
  std::cerr << "fwlog_exporter: resumed from " << path << ": " << state->files.size() << " file offsets, "
            << restored << " metrics\n";
}

}  // namespace

int Serve(const CommonOptions& common, const std::string& listen_address, const std::string& telemetry_path) {
  // Signals are handled by one thread with sigwait; block them everywhere else.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto config = LoadConfigOrDefault(common);
  if (!config.ok()) {
    std::cerr << config.status().message() << "\n";
    return 2;
  }
  if (geteuid() == 0)
    std::cerr << "fwlog_exporter: warning: running as root; it needs no privileges beyond reading the logs\n";
  auto registry = std::make_shared<prometheus::Registry>();
  auto pipeline = Pipeline::Build(*config, registry, {CurrentBuildInfo(), true});
  if (!pipeline.ok()) {
    std::cerr << pipeline.status().message() << "\n";
    return 2;
  }
  (*pipeline)->self_metrics().ConfigReloaded(true, static_cast<double>(std::time(nullptr)));

  MetricsServer server({listen_address, telemetry_path, 4}, {registry, std::make_shared<ProcessCollector>()});
  if (auto status = server.Start(); !status.ok()) {
    std::cerr << "fwlog_exporter: " << status.message() << "\n";
    return 1;
  }
  std::cerr << "fwlog_exporter: serving " << telemetry_path << " on " << listen_address << " (port " << server.port()
            << ")" << (config->file.empty() ? ", built-in configuration with the bundled sample log" : "") << "\n";

  InputRunner runner(*config, **pipeline, **pipeline);
  const std::string state_path = config->state_file;
  RestoreState(state_path, **pipeline, runner);
  if (!state_path.empty()) {
    runner.SetCheckpointHook(
        [&] {
          StateSnapshot snapshot;
          snapshot.written_at = std::time(nullptr);
          snapshot.files = runner.Checkpoints();
          snapshot.metrics = (*pipeline)->counters().Snapshot();
          const auto status = WriteState(state_path, snapshot);
          (*pipeline)->self_metrics().StateWritten(status.ok());
          if (!status.ok()) std::cerr << "fwlog_exporter: cannot write state: " << status.message() << "\n";
        },
        kCheckpointInterval);
  }

  std::atomic<bool> stopping{false};
  std::thread signal_thread([&] {
    for (;;) {
      int sig = 0;
      if (sigwait(&signals, &sig) != 0) continue;
      if (sig == SIGHUP) {
        std::cerr << "fwlog_exporter: SIGHUP: configuration reload is not supported yet; restart to apply changes\n";
        continue;
      }
      stopping = true;
      runner.Stop();
      return;
    }
  });
  const std::string error = runner.Run();
  if (!stopping) {
    // Run() returned by itself (an input failed): wake the signal thread.
    pthread_kill(signal_thread.native_handle(), SIGTERM);
  }
  signal_thread.join();
  server.Stop();
  if (!error.empty()) {
    std::cerr << "fwlog_exporter: " << error << "\n";
    return 1;
  }
  return 0;
}

}  // namespace fwlog
