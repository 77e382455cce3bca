#include "http/metrics_server.h"

#include <httplib.h>
#include <prometheus/text_serializer.h>

#include <sstream>

namespace fwlog {
namespace {

constexpr const char* kLandingPage = R"(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>fwlog_exporter</title>
<style>body{font-family:sans-serif;max-width:40em;margin:2em auto;line-height:1.5}</style></head>
<body><h1>fwlog_exporter</h1>
<p>Prometheus exporter for firewall logs: who knocks on your router, by hour, port, service and country.</p>
<ul><li><a href="TELEMETRY">Metrics</a></li><li><a href="/-/healthy">Health</a></li></ul>
</body></html>
)";

}  // namespace

bool SplitListenAddress(const std::string& address, std::string& host, int& port) {
  const auto colon = address.rfind(':');
  if (colon == std::string::npos) return false;
  host = address.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host.empty()) host = "0.0.0.0";
  const auto port_text = address.substr(colon + 1);
  if (port_text.empty() || port_text.find_first_not_of("0123456789") != std::string::npos) return false;
  port = std::stoi(port_text);
  return port >= 0 && port <= 65535;
}

std::string RenderCollectables(const std::vector<std::shared_ptr<prometheus::Collectable>>& collectables) {
  std::vector<prometheus::MetricFamily> families;
  for (const auto& c : collectables) {
    auto part = c->Collect();
    families.insert(families.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
  }
  std::ostringstream out;
  prometheus::TextSerializer().Serialize(out, families);
  return out.str();
}

MetricsServer::MetricsServer(ServerOptions options, std::vector<std::shared_ptr<prometheus::Collectable>> collectables)
    : options_(std::move(options)), collectables_(std::move(collectables)) {}

MetricsServer::~MetricsServer() { Stop(); }

std::string MetricsServer::Render() const { return RenderCollectables(collectables_); }

absl::Status MetricsServer::Start() {
  std::string host;
  int port = 0;
  if (!SplitListenAddress(options_.listen_address, host, port))
    return absl::InvalidArgumentError("bad --web.listen-address \"" + options_.listen_address +
                                      "\" (expected HOST:PORT)");
  server_ = std::make_unique<httplib::Server>();
  const int threads = options_.threads;
  server_->new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<std::size_t>(threads)); };
  server_->set_read_timeout(std::chrono::seconds(10));
  server_->set_write_timeout(std::chrono::seconds(10));
  server_->set_keep_alive_timeout(5);
  server_->set_payload_max_length(64 * 1024);

  const std::string page = [this] {
    std::string p = kLandingPage;
    p.replace(p.find("TELEMETRY"), 9, options_.telemetry_path);
    return p;
  }();
  server_->Get("/", [page](const httplib::Request&, httplib::Response& res) {
    res.set_content(page, "text/html; charset=utf-8");
  });
  server_->Get(options_.telemetry_path, [this](const httplib::Request&, httplib::Response& res) {
    res.set_content(Render(), "text/plain; version=0.0.4; charset=utf-8");
  });
  auto ok = [](const httplib::Request&, httplib::Response& res) { res.set_content("OK\n", "text/plain"); };
  server_->Get("/-/healthy", ok);
  server_->Get("/-/ready", ok);
  server_->Post("/-/reload", [this](const httplib::Request&, httplib::Response& res) {
    if (!reload_) {
      res.status = 404;
      res.set_content("reload is not available\n", "text/plain");
      return;
    }
    const std::string error = reload_();
    if (error.empty()) {
      res.set_content("OK\n", "text/plain");
    } else {
      res.status = 500;
      res.set_content(error + "\n", "text/plain");
    }
  });

  if (port == 0) {
    port_ = server_->bind_to_any_port(host);
    if (port_ < 0) return absl::UnavailableError("cannot listen on " + options_.listen_address);
  } else {
    if (!server_->bind_to_port(host, port))
      return absl::UnavailableError("cannot listen on " + options_.listen_address + ": address in use or not allowed");
    port_ = port;
  }
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  return absl::OkStatus();
}

void MetricsServer::Stop() {
  if (server_) server_->stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace fwlog
