#include "app/reload.h"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>

#include <algorithm>
#include <ctime>
#include <iostream>
#include <map>
#include <set>

#include "app/config_source.h"
#include "app/log.h"
#include "app/memory.h"
#include "core/own_metrics.h"

namespace fwlog {
namespace {

using LabelSet = std::map<std::string, std::string>;

LabelSet Labels(const prometheus::ClientMetric& m) {
  LabelSet out;
  for (const auto& l : m.label) out.emplace(l.name, l.value);
  return out;
}

bool SameSyslog(const SyslogSpec& a, const SyslogSpec& b) {
  return a.listen == b.listen && a.protocol == b.protocol && a.max_message_bytes == b.max_message_bytes &&
         a.queue_size == b.queue_size && a.max_connections == b.max_connections &&
         a.idle_timeout_seconds == b.idle_timeout_seconds && a.allowed_senders.size() == b.allowed_senders.size() &&
         std::equal(
             a.allowed_senders.begin(), a.allowed_senders.end(), b.allowed_senders.begin(),
             [](const Cidr& x, const Cidr& y) { return x.network == y.network && x.prefix128 == y.prefix128; }) &&
         a.max_connections_per_address == b.max_connections_per_address &&
         a.message_timeout_seconds == b.message_timeout_seconds;
}

std::string Where(const Config& next, const SourcePos& pos) {
  if (pos.line > 0) return pos.Prefix();
  return (next.file.empty() ? std::string("<built-in>") : next.file) + ": ";
}

}  // namespace

std::string RestartNeeded(const Config& running, const Config& next) {
  constexpr const char* kRestart = "; restart fwlog_exporter to apply this change (a reload keeps the inputs)";
  if (running.inputs.size() != next.inputs.size())
    return Where(next, next.inputs.empty() ? SourcePos{} : next.inputs.back().pos) + "the number of inputs changed (" +
           std::to_string(running.inputs.size()) + " -> " + std::to_string(next.inputs.size()) + ")" + kRestart;
  for (std::size_t i = 0; i < next.inputs.size(); ++i) {
    const InputSpec& a = running.inputs[i];
    const InputSpec& b = next.inputs[i];
    const bool same = a.name == b.name && a.kind == b.kind && a.path == b.path && a.start_at == b.start_at &&
                      (a.kind != InputKind::kSyslog || SameSyslog(a.syslog, b.syslog));
    if (!same) return Where(next, b.pos) + "input \"" + b.name + "\" changed its name, source or start_at" + kRestart;
  }
  if (running.state_file != next.state_file) return Where(next, {}) + "state_file changed" + kRestart;
  if (running.max_line_bytes != next.max_line_bytes) return Where(next, {}) + "max_line_bytes changed" + kRestart;
  return {};
}

void CarryOverCounters(const prometheus::Registry& from, prometheus::Registry& to,
                       const std::vector<std::string>& skip) {
  const std::set<std::string> skipped(skip.begin(), skip.end());
  std::set<std::pair<std::string, LabelSet>> existing;
  for (const auto& family : to.Collect())
    for (const auto& m : family.metric) existing.emplace(family.name, Labels(m));
  for (const auto& family : from.Collect()) {
    if (skipped.count(family.name)) continue;
    const bool counter = family.type == prometheus::MetricType::Counter;
    // Of the gauges only the last event time carries over: the others are
    // set afresh (reload state, build info) or re-reported by the inputs.
    const bool gauge = family.type == prometheus::MetricType::Gauge && family.name == own_metrics::kLastEventTimestamp;
    if (!counter && !gauge) continue;
    for (const auto& m : family.metric) {
      LabelSet labels = Labels(m);
      if (!existing.count({family.name, labels})) continue;
      if (counter) {
        auto& f = prometheus::BuildCounter().Name(family.name).Help(family.help).Register(to);
        f.Add(labels).Increment(m.counter.value);
      } else {
        auto& f = prometheus::BuildGauge().Name(family.name).Help(family.help).Register(to);
        f.Add(labels).Set(m.gauge.value);
      }
    }
  }
}

Reloader::Reloader(CommonOptions common, std::shared_ptr<prometheus::Registry> registry,
                   std::unique_ptr<Pipeline> pipeline, Publish publish)
    : common_(std::move(common)),
      registry_(std::move(registry)),
      current_(std::move(pipeline)),
      publish_(std::move(publish)) {}

Reloader::~Reloader() = default;

void Reloader::Failed(const std::string& error) {
  {
    std::lock_guard lock(mu_);
    current_->self_metrics().ConfigReloaded(false, static_cast<double>(std::time(nullptr)));
  }
  Log(spdlog::level::err) << "reload failed, keeping the running configuration: " << error;
}

std::string Reloader::Reload(std::chrono::milliseconds wait) {
  std::lock_guard reload_lock(reload_mu_);
  std::function<void()> commit_companion;
  if (companion_) {
    auto prepared = companion_();
    if (!prepared.ok()) {
      const std::string error(prepared.status().message());
      Failed(error);
      return error;
    }
    commit_companion = *std::move(prepared);
  }
  auto config = LoadConfigOrDefault(common_);
  if (!config.ok()) {
    const std::string error(config.status().message());
    Failed(error);
    return error;
  }
  std::string restart;
  {
    std::lock_guard lock(mu_);
    restart = RestartNeeded(current_->config(), *config);
  }
  if (!restart.empty()) {
    Failed(restart);
    return restart;
  }
  auto registry = std::make_shared<prometheus::Registry>();
  std::shared_ptr<EventHistory> history;
  {
    std::lock_guard lock(mu_);
    history = current_->history();  // the new pipeline counts on where this one stops
  }
  auto pipeline = Pipeline::Build(*config, registry, {CurrentBuildInfo(), true, history});
  if (!pipeline.ok()) {
    const std::string error(pipeline.status().message());
    Failed(error);
    return error;
  }
  std::unique_lock lock(mu_);
  const auto target = swaps_ + 1;
  pending_ = std::move(*pipeline);
  pending_registry_ = std::move(registry);
  pending_flag_.store(true, std::memory_order_release);
  if (!swapped_.wait_for(lock, wait, [&] { return swaps_ >= target; })) {
    pending_.reset();
    pending_registry_.reset();
    pending_flag_.store(false, std::memory_order_release);
    lock.unlock();
    const std::string error = "the new configuration was not applied: the inputs did not reach a line boundary in " +
                              std::to_string(wait.count()) + " ms";
    Failed(error);
    return error;
  }
  if (commit_companion) commit_companion();
  Log(spdlog::level::info) << "configuration reloaded"
                           << (config->file.empty() ? std::string() : " from " + config->file);
  return {};
}

void Reloader::Swap() {
  std::unique_ptr<Pipeline> old;
  std::shared_ptr<prometheus::Registry> old_registry;
  {
    std::lock_guard lock(mu_);
    if (!pending_) return;
    Pipeline& next = *pending_;
    current_->Flush();  // what it gathered goes into the registry carried over
    next.counters().Restore(current_->counters().Snapshot());
    std::vector<std::string> event_metrics;
    for (const auto& spec : current_->config().metrics) event_metrics.push_back(spec.name);
    for (const auto& spec : next.config().metrics) event_metrics.push_back(spec.name);
    CarryOverCounters(*registry_, *pending_registry_, event_metrics);
    next.self_metrics().ConfigReloaded(true, static_cast<double>(std::time(nullptr)));
    old = std::move(current_);
    old_registry = std::move(registry_);
    current_ = std::move(pending_);
    registry_ = std::move(pending_registry_);
    pending_flag_.store(false, std::memory_order_release);
    if (publish_) publish_(registry_);
    ++swaps_;
  }
  swapped_.notify_all();
  old.reset();  // scrapes holding the old registry keep it alive until they finish
  old_registry.reset();
  ReturnFreedMemory();  // the old pipeline's pages, from whichever arena built it
}

}  // namespace fwlog
