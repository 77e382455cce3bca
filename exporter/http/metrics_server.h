// MetricsServer: the exporter's HTTP endpoints, served with cpp-httplib:
//
//   /metrics (--web.telemetry-path)  every registered collectable, in the
//                                    Prometheus text format (gzip on request)
//   /                                a small landing page linking to it
//   /-/healthy, /-/ready             liveness and readiness, "OK"
//   POST /-/reload                   calls the reload handler, if set
//
// prometheus-cpp's own HTTP layer (civetweb) is not used: Debian 12's build
// crashes on the first TLS handshake under OpenSSL 3 (see docs/security.md),
// while cpp-httplib serves TLS fine; prometheus-cpp core still produces the
// text. Requests are served by a bounded thread pool with read/write timeouts,
// so slow clients cannot hold the server.
#pragma once

#include <prometheus/collectable.h>

#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"

namespace httplib {
class Server;
}

namespace fwlog {

struct ServerOptions {
  std::string listen_address = ":9847";
  std::string telemetry_path = "/metrics";
  int threads = 4;
};

class MetricsServer {
 public:
  MetricsServer(ServerOptions options, std::vector<std::shared_ptr<prometheus::Collectable>> collectables);
  ~MetricsServer();
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  // Binds and starts serving on a background thread.
  absl::Status Start();
  void Stop();
  // The bound port (useful with port 0).
  int port() const { return port_; }
  // Returns the error text to answer with, or empty on success.
  void SetReloadHandler(std::function<std::string()> handler) { reload_ = std::move(handler); }

  // The exposition text of every collectable (what /metrics serves).
  std::string Render() const;

 private:
  ServerOptions options_;
  std::vector<std::shared_ptr<prometheus::Collectable>> collectables_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
  std::function<std::string()> reload_;
};

// Splits "HOST:PORT", ":PORT" (all addresses) or "[v6]:PORT".
bool SplitListenAddress(const std::string& address, std::string& host, int& port);

// The text format of the given collectables, in the order given.
std::string RenderCollectables(const std::vector<std::shared_ptr<prometheus::Collectable>>& collectables);

}  // namespace fwlog
