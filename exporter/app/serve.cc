// `serve` (the default command): follow the configured inputs, keep the
// state file, serve /metrics until SIGTERM/SIGINT.
#include <prometheus/registry.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <thread>

#include "app/commands.h"
#include "app/config_source.h"
#include "app/log.h"
#include "app/memory.h"
#include "app/pipeline.h"
#include "app/reload.h"
#include "app/summary_source.h"
#include "http/metrics_server.h"
#include "http/web_config.h"
#include "input/input_runner.h"
#include "input/syslog/syslog_listener.h"
#include "metrics/process_collector.h"
#include "state/state_file.h"

namespace fwlog {
namespace {

constexpr auto kCheckpointInterval = std::chrono::seconds(5);
// How often the input thread looks for a pending reload when no line comes.
constexpr auto kTickInterval = std::chrono::milliseconds(200);

// Restores counters and file offsets from the state file; a file that cannot
// be trusted is reported and set aside, and the exporter starts afresh.
void RestoreState(const std::string& path, Pipeline& pipeline, InputRunner& runner) {
  if (path.empty()) return;
  auto state = ReadState(path);
  if (!state.ok()) {
    if (absl::IsNotFound(state.status())) return;  // first start
    const auto aside = SetAside(path);
    Log(spdlog::level::warn) << "state file " << path << " is unusable (" << state.status().message() << "); "
                             << (aside.ok() ? "set aside as " + *aside : "could not set it aside")
                             << ", starting afresh";
    return;
  }
  const auto restored = pipeline.counters().Restore(state->metrics, pipeline.only_router());
  pipeline.history()->Restore(state->history);
  const RestoreSummary files = runner.Restore(state->files);
  Log(spdlog::level::info) << "resumed from " << path << ": " << state->files.size() << " file offsets, " << restored
                           << " metrics, " << state->history.series.size() << " history series";
  if (files.adopted > 0)
    Log(spdlog::level::info) << files.adopted
                             << " file offsets of inputs no longer configured taken by the inputs that follow "
                                "those files (an input renamed)";
  if (files.dropped > 0)
    Log(spdlog::level::info) << files.dropped
                             << " file offsets of inputs no longer configured dropped: no input follows those files";
}

// "HOST:PORT" with the port a listener actually got (its configured one may
// be 0); an IPv6 host in brackets.
std::string BoundAddress(const std::string& host, int port) {
  const std::string h = host.empty() ? "0.0.0.0" : host;
  return (h.find(':') != std::string::npos ? "[" + h + "]" : h) + ":" + std::to_string(port);
}

// One line per bound listener, in a fixed form that scripts and tests read
// (`listening web address=127.0.0.1:9847`, `listening syslog input=remote
// protocol=udp address=0.0.0.0:5514`): with port 0 in the configuration it is
// the only place the port the kernel chose is told.
void AnnounceSyslogListeners(const Config& config, const InputRunner& runner) {
  for (std::size_t i = 0; i < config.inputs.size(); ++i) {
    const InputSpec& in = config.inputs[i];
    if (in.kind != InputKind::kSyslog) continue;
    std::string host, port;
    SplitHostPort(in.syslog.listen, host, port);
    Log(spdlog::level::info) << "listening syslog input=" << in.name
                             << " protocol=" << (in.syslog.protocol == SyslogProtocol::kTcp ? "tcp" : "udp")
                             << " address=" << BoundAddress(host, runner.SyslogPort(i));
  }
}

}  // namespace

int Serve(const CommonOptions& common, const std::string& listen_address, const std::string& telemetry_path,
          const std::string& web_config_file) {
  // Signals are handled by one thread with sigwait; block them everywhere else.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  LimitAllocatorArenas();  // before any other thread starts

  auto config = LoadConfigOrDefault(common);
  if (!config.ok()) {
    std::cerr << config.status().message() << "\n";
    return 2;
  }
  WebConfig web;
  if (!web_config_file.empty()) {
    auto loaded = LoadWebConfig(web_config_file);
    if (!loaded.ok()) {
      std::cerr << loaded.status().message() << "\n";
      return 2;
    }
    web = std::move(*loaded);
  }
  if (geteuid() == 0) Log(spdlog::level::warn) << "running as root; it needs no privileges beyond reading the logs";
  auto registry = std::make_shared<prometheus::Registry>();
  // The page's history outlives the pipelines: a reload's counts on.
  auto history = std::make_shared<EventHistory>();
  auto pipeline = Pipeline::Build(*config, registry, {CurrentBuildInfo(), true, history});
  if (!pipeline.ok()) {
    std::cerr << pipeline.status().message() << "\n";
    return 2;
  }
  SummarySource summary(history, telemetry_path);
  summary.Use(*config, (*pipeline)->zone(), registry);
  (*pipeline)->self_metrics().ConfigReloaded(true, static_cast<double>(std::time(nullptr)));

  ServerOptions server_options;
  server_options.listen_address = listen_address;
  server_options.telemetry_path = telemetry_path;
  server_options.web = web;
  auto process = std::make_shared<ProcessCollector>();
  MetricsServer server(server_options, {registry, process});

  Reloader* reloading = nullptr;  // the reloader, once made (publish is called on a swap only)
  Reloader reloader(common, registry, std::move(*pipeline), [&](std::shared_ptr<prometheus::Registry> next) {
    // The swap holds the reloader's lock: current() is the new pipeline.
    summary.Use(reloading->current().config(), reloading->current().zone(), next);
    server.SetCollectables({std::move(next), process});
  });
  reloading = &reloader;
  server.SetSummarySource([&summary] { return summary.Make(); });
  // A reload re-reads the web config too (new certificate, key, users,
  // headers), put to use only when the configuration's reload succeeds.
  if (!web_config_file.empty()) {
    reloader.SetCompanion([&]() -> absl::StatusOr<std::function<void()>> {
      auto loaded = LoadWebConfig(web_config_file);
      if (!loaded.ok()) return loaded.status();
      auto prepared = server.PrepareWebConfig(*loaded);
      if (!prepared.ok()) return prepared.status();
      return [&server, web = *std::move(prepared)] { server.UseWebConfig(web); };
    });
  }
  server.SetReloadHandler([&] { return reloader.Reload(std::chrono::seconds(10)); });
  // Ready once the inputs are open (and, with a state file, their first
  // snapshot written); a file that cannot be read does not change it (it is
  // counted in fwlog_input_errors_total and logged: docs/inputs.md).
  std::atomic<bool> ready{false};
  server.SetReadyCheck([&ready] { return ready.load(); });
  if (auto status = server.Start(); !status.ok()) {
    std::cerr << "fwlog_exporter: " << status.message() << "\n";
    return 1;
  }
  Log(spdlog::level::info) << "serving " << telemetry_path << " on " << listen_address << " (port " << server.port()
                           << (web.tls ? ", TLS" : "") << (web.basic_auth_users.empty() ? "" : ", basic auth") << ")"
                           << (config->file.empty() ? ", built-in configuration with the bundled sample log" : "");
  {
    std::string host;
    int unused = 0;
    SplitListenAddress(listen_address, host, unused);
    Log(spdlog::level::info) << "listening web address=" << BoundAddress(host, server.port());
  }

  InputRunner runner(*config, reloader, reloader);
  const std::string state_path = config->state_file;
  if (!state_path.empty()) {
    // The default folder (~/.local/state/fwlog_exporter) may not exist yet.
    std::error_code ec;
    const auto folder = std::filesystem::path(state_path).parent_path();
    if (!folder.empty() && !std::filesystem::exists(folder, ec)) std::filesystem::create_directories(folder, ec);
    if (ec) Log(spdlog::level::warn) << "cannot create the state file's folder " << folder << ": " << ec.message();
  }
  RestoreState(state_path, reloader.current(), runner);
  // On the input thread: a reloaded pipeline is swapped in between two
  // lines even when none arrive, and the state file is written every few
  // seconds and at once when the inputs' files change (the first round, a
  // rotation noticed).
  runner.SetTickHook([&] { reloader.SwapIfPending(); }, kTickInterval);
  bool announced = false;  // the syslog listeners are bound once Run() has started them
  const auto write_state = [&]() -> bool {
    StateSnapshot snapshot;
    snapshot.written_at = std::time(nullptr);
    snapshot.files = runner.Checkpoints();
    snapshot.metrics = reloader.current().counters().Snapshot();
    snapshot.history = reloader.current().history()->Snapshot();
    const auto status = WriteState(state_path, snapshot);
    reloader.current().self_metrics().StateWritten(status.ok());
    if (!status.ok()) Log(spdlog::level::err) << "cannot write state: " << status.message();
    return status.ok();
  };
  runner.SetCheckpointHook(
      [&] {
        if (!announced) {
          announced = true;
          AnnounceSyslogListeners(*config, runner);
        }
        reloader.SwapIfPending();
        if (!state_path.empty()) write_state();
        ready = true;
      },
      kCheckpointInterval);

  std::atomic<bool> stopping{false};
  std::thread signal_thread([&] {
    for (;;) {
      int sig = 0;
      if (sigwait(&signals, &sig) != 0) continue;
      if (sig == SIGHUP) {
        Log(spdlog::level::info) << "SIGHUP: reloading the configuration";
        reloader.Reload(std::chrono::seconds(10));
        continue;
      }
      stopping = true;
      runner.Stop();
      return;
    }
  });
  const absl::Status error = runner.Run();
  // The last offsets and values, after the last line; whether they are
  // written decides the exit status.
  const bool saved = state_path.empty() || write_state();
  if (!stopping) {
    // Run() returned by itself (an input failed): wake the signal thread.
    pthread_kill(signal_thread.native_handle(), SIGTERM);
  }
  signal_thread.join();
  server.Stop();
  if (!error.ok()) {
    std::cerr << "fwlog_exporter: " << error.message() << "\n";
    return 1;
  }
  if (!saved) {
    Log(spdlog::level::err) << "the final state was not written: a restart counts again the lines since the last "
                               "snapshot that was";
    return 1;
  }
  return 0;
}

}  // namespace fwlog
