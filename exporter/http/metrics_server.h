// MetricsServer: the exporter's HTTP endpoints, served with cpp-httplib:
//
//   /metrics (--web.telemetry-path)  every registered collectable, in the
//                                    Prometheus text format (gzip level 1 when
//                                    the client accepts gzip; see gzip.h)
//   /                                the live page (http/summary.h) when a
//                                    summary source is set, else a small
//                                    landing page linking to /metrics
//   /api/summary                     the page's data as JSON (404 without
//                                    a summary source)
//   /-/healthy                       liveness, "OK"
//   /-/ready                         "OK" when the ready check (if set) says
//                                    so, else 503 "starting"
//   POST /-/reload                   calls the reload handler, if set; one
//                                    at a time (another, meanwhile: 503)
//
// With basic auth configured, every endpoint needs it, /-/reload and the
// health endpoints included (as exporter-toolkit does); an address whose
// password checks keep failing is answered 429 without a bcrypt for a while
// (auth_throttle.h). Without basic auth, every endpoint is open to whoever
// reaches the port (docs/security.md).
//
// prometheus-cpp's own HTTP layer (civetweb) is not used: Debian 12's build
// crashes on the first TLS handshake under OpenSSL 3 (see docs/security.md),
// while cpp-httplib serves TLS fine; prometheus-cpp core still collects the
// samples, and text_format.h writes the text. Connections are served as
// connections.h describes: a thread each up to max_connections, absolute
// deadlines for a request's arrival and a response's delivery, and, when all
// slots are taken, slow-trickle or idle clients, or slow readers from the
// busiest client address, replaced by new connections; so slow clients cannot
// hold the server, and one address cannot keep the others out. At most `threads` requests
// are worked on (password check, rendering) at once.
#pragma once

#include <prometheus/collectable.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <semaphore>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "core/ip_address.h"
#include "http/auth_throttle.h"
#include "http/basic_auth.h"
#include "http/connection_limits.h"
#include "http/summary.h"
#include "http/web_config.h"

namespace httplib {
class Server;
struct Response;
}  // namespace httplib

namespace fwlog {

struct ServerOptions {
  std::string listen_address = ":9847";
  std::string telemetry_path = "/metrics";
  // Requests worked on at once (password check, rendering); more wait their
  // turn. Reading a request and writing its answer need no such turn.
  int threads = 16;
  // --web.config.file: TLS, basic auth, extra headers. Default: plain HTTP.
  WebConfig web;
  // Open connections, deadlines, request size (see connections.h).
  ConnectionLimits limits;
  // Failed password checks per client address (see auth_throttle.h).
  AuthThrottleLimits auth_throttle;
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
  // Returns the error text to answer with, or empty on success. Set before Start().
  void SetReloadHandler(std::function<std::string()> handler) { reload_ = std::move(handler); }
  // What `/` and /api/summary show (called on the HTTP threads, any number
  // at once, each in one of the turns). Set before Start().
  void SetSummarySource(std::function<Summary()> summary) { summary_ = std::move(summary); }
  // What /-/ready asks (any thread); unset: always ready. Set before Start().
  void SetReadyCheck(std::function<bool()> ready) { ready_ = std::move(ready); }

  // A web config made ready to serve: its TLS context built (certificate and
  // key read and checked) and its users' hashes loaded. Start() prepares the
  // one in ServerOptions; a reload prepares the re-read file, and only when
  // that and the rest of the reload succeed is it put to use.
  struct PreparedWeb;
  // Fails on what the file's checks cannot see (an unreadable or mismatched
  // certificate or key), or when it would switch between TLS and plain HTTP,
  // which the listening socket cannot do without a restart.
  absl::StatusOr<std::shared_ptr<const PreparedWeb>> PrepareWebConfig(const WebConfig& web) const;
  // New connections use its TLS context, new requests its users and headers.
  // Thread-safe.
  void UseWebConfig(std::shared_ptr<const PreparedWeb> web);
  // Serves these from now on (a reload's new registry). Thread-safe.
  void SetCollectables(std::vector<std::shared_ptr<prometheus::Collectable>> collectables);
  // Full bcrypt computations so far (0 without basic auth).
  long bcrypt_runs() const;
  // Requests answered 429: their address failed its password checks too often.
  long auth_throttled() const { return auth_throttle_.throttled(); }
  // Connections refused, evicted, timed out and cut so far.
  const ConnectionCounters& connections() const { return connections_; }
  // Bytes of /metrics bodies held now by responses still being written.
  std::size_t pinned_response_bytes() const { return pinned_->load(); }

  // The exposition text of every collectable (what /metrics serves).
  std::string Render() const;

 private:
  // The basic-auth check (a bcrypt when not cached and not throttled), in
  // one of the turns.
  BasicAuth::Result CheckInTurn(BasicAuth& auth, const std::string& authorization, const IpAddress& client);
  std::shared_ptr<const PreparedWeb> Web() const;
  // POST /-/reload: runs the reload handler in one of the turns.
  void AnswerReload(httplib::Response& res) const;

  ServerOptions options_;
  mutable std::mutex mu_;  // guards collectables_
  std::vector<std::shared_ptr<prometheus::Collectable>> collectables_;
  mutable std::mutex web_mu_;  // guards web_
  std::shared_ptr<const PreparedWeb> web_;
  std::unique_ptr<std::counting_semaphore<>> turns_;  // `threads` of them
  // Kept across web config reloads: a new user list does not forgive.
  AuthThrottle auth_throttle_;
  mutable std::atomic<bool> reloading_{false};
  ConnectionCounters connections_;
  // Bytes of /metrics bodies held by responses not yet fully written
  // (shared: a body may outlive a reload's swap of anything else).
  std::shared_ptr<std::atomic<std::size_t>> pinned_ = std::make_shared<std::atomic<std::size_t>>(0);
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
  int listen_fd_ = -1;
  std::function<std::string()> reload_;
  std::function<bool()> ready_;
  std::function<Summary()> summary_;
};

// Splits "HOST:PORT", ":PORT" (all addresses) or "[v6]:PORT".
bool SplitListenAddress(const std::string& address, std::string& host, int& port);

// The text format of the given collectables, in the order given.
std::string RenderCollectables(const std::vector<std::shared_ptr<prometheus::Collectable>>& collectables);

}  // namespace fwlog
