#include "http/metrics_server.h"

#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/socket.h>

#include <algorithm>
#include <type_traits>

#include "http/connections.h"
#include "http/gzip.h"
#include "http/text_format.h"

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

std::string OpenSslError() {
  const unsigned long code = ERR_get_error();
  if (code == 0) return "unknown OpenSSL error";
  char text[256];
  ERR_error_string_n(code, text, sizeof text);
  ERR_clear_error();
  return text;
}

// Any client certificate is accepted (RequestClientCert, RequireAnyClientCert).
int AcceptAnyCertificate(int, X509_STORE_CTX*) { return 1; }

// Sets up the TLS context from the web config; an error names the setting.
bool SetUpTls(const TlsServerConfig& tls, SSL_CTX& ctx, std::string& error) {
  SSL_CTX_set_options(&ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_SSLv2 | SSL_OP_NO_SSLv3 | SSL_OP_NO_RENEGOTIATION);
  if (SSL_CTX_set_min_proto_version(&ctx, tls.min_version) != 1 ||
      (tls.max_version != 0 && SSL_CTX_set_max_proto_version(&ctx, tls.max_version) != 1)) {
    error = tls.where + "min_version/max_version: " + OpenSslError();
    return false;
  }
  if (SSL_CTX_use_certificate_chain_file(&ctx, tls.cert_file.c_str()) != 1) {
    error = tls.where + "cert_file \"" + tls.cert_file + "\": " + OpenSslError();
    return false;
  }
  if (SSL_CTX_use_PrivateKey_file(&ctx, tls.key_file.c_str(), SSL_FILETYPE_PEM) != 1) {
    error = tls.where + "key_file \"" + tls.key_file + "\": " + OpenSslError();
    return false;
  }
  if (SSL_CTX_check_private_key(&ctx) != 1) {
    error = tls.where + "key_file does not belong to cert_file: " + OpenSslError();
    return false;
  }
  if (!tls.client_ca_file.empty()) {
    if (SSL_CTX_load_verify_locations(&ctx, tls.client_ca_file.c_str(), nullptr) != 1) {
      error = tls.where + "client_ca_file \"" + tls.client_ca_file + "\": " + OpenSslError();
      return false;
    }
    SSL_CTX_set_client_CA_list(&ctx, SSL_load_client_CA_file(tls.client_ca_file.c_str()));
  }
  switch (tls.client_auth) {
    case ClientAuth::kNone:
      SSL_CTX_set_verify(&ctx, SSL_VERIFY_NONE, nullptr);
      break;
    case ClientAuth::kRequest:
      SSL_CTX_set_verify(&ctx, SSL_VERIFY_PEER, AcceptAnyCertificate);
      break;
    case ClientAuth::kRequireAny:
      SSL_CTX_set_verify(&ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, AcceptAnyCertificate);
      break;
    case ClientAuth::kVerifyIfGiven:
      SSL_CTX_set_verify(&ctx, SSL_VERIFY_PEER, nullptr);
      break;
    case ClientAuth::kRequireAndVerify:
      SSL_CTX_set_verify(&ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
      break;
  }
  return true;
}

constexpr const char* kMetricsContentType = "text/plain; version=0.0.4; charset=utf-8";

// A /metrics body while a response holds it: its bytes count in `pinned`.
struct PinnedBody {
  PinnedBody(std::string text, std::shared_ptr<std::atomic<std::size_t>> total)
      : data(std::move(text)), pinned(std::move(total)) {
    pinned->fetch_add(data.size());
  }
  ~PinnedBody() { pinned->fetch_sub(data.size()); }
  PinnedBody(const PinnedBody&) = delete;
  PinnedBody& operator=(const PinnedBody&) = delete;

  const std::string data;
  const std::shared_ptr<std::atomic<std::size_t>> pinned;
};

// The /metrics body, gzipped at kMetricsGzipLevel when the client accepts it.
// Given to cpp-httplib as a content provider with a length, which it sends
// as it is: no copy, and none of its own compression (level 6 gzip, or
// quality 11 brotli when "br" is accepted; see gzip.h). Returns the body's
// size (0: none held).
std::size_t ServeMetrics(std::string text, const std::string& accept_encoding,
                         const std::shared_ptr<std::atomic<std::size_t>>& pinned, httplib::Response& res) {
  res.set_header("Vary", "Accept-Encoding");
  if (text.empty()) {
    res.set_content("", kMetricsContentType);
    return 0;
  }
  std::string gzipped;
  if (AcceptsGzip(accept_encoding) && Gzip(text, kMetricsGzipLevel, gzipped)) {
    res.set_header("Content-Encoding", "gzip");
    text = std::move(gzipped);
  }
  auto body = std::make_shared<const PinnedBody>(std::move(text), pinned);
  res.set_content_provider(body->data.size(), kMetricsContentType,
                           [body](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                             return sink.write(body->data.data() + offset, length);
                           });
  return body->data.size();
}

// cpp-httplib's Server or SSLServer with ServeConnection() in place of its own
// connection loop (see connections.h); HTTP itself stays httplib's.
// TLS connections are set up from `tls()`, the current web config's context,
// not from the SSLServer's own (which stays empty).
template <typename Base>
class GuardedServer final : public Base {
 public:
  using Base::Base;
  // Set by new_task_queue when the accept loop starts, before any connection.
  ConnectionPool* pool = nullptr;
  std::function<std::shared_ptr<SSL_CTX>()> tls;

 private:
  bool process_and_close_socket(socket_t sock) override {
    ServeConnection(sock, tls ? tls() : nullptr, pool,
                    [this](httplib::Stream& stream, bool close_connection, bool& connection_closed,
                           const std::function<void(httplib::Request&)>& setup) {
                      return this->process_request(stream, close_connection, connection_closed, setup);
                    });
    return true;
  }
};

// Holds one of the server's `threads` turns while a request is worked on.
class Turn {
 public:
  explicit Turn(std::counting_semaphore<>& turns) : turns_(turns) { turns_.acquire(); }
  ~Turn() { turns_.release(); }
  Turn(const Turn&) = delete;
  Turn& operator=(const Turn&) = delete;

 private:
  std::counting_semaphore<>& turns_;
};

}  // namespace

struct MetricsServer::PreparedWeb {
  std::shared_ptr<SSL_CTX> tls;     // null: plain HTTP
  std::shared_ptr<BasicAuth> auth;  // null: no basic auth
  std::vector<std::pair<std::string, std::string>> headers;
};

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
  std::string out;
  out.reserve(TextFormatSizeHint(families));
  AppendTextFormat(families, out);
  return out;
}

MetricsServer::MetricsServer(ServerOptions options, std::vector<std::shared_ptr<prometheus::Collectable>> collectables)
    : options_(std::move(options)), collectables_(std::move(collectables)), auth_throttle_(options_.auth_throttle) {}

MetricsServer::~MetricsServer() { Stop(); }

std::string MetricsServer::Render() const {
  std::vector<std::shared_ptr<prometheus::Collectable>> collectables;
  {
    std::lock_guard lock(mu_);
    collectables = collectables_;
  }
  return RenderCollectables(collectables);
}

BasicAuth::Result MetricsServer::CheckInTurn(BasicAuth& auth, const std::string& authorization,
                                             const IpAddress& client) {
  const Turn turn(*turns_);
  return auth.Check(authorization, client, &auth_throttle_);
}

absl::StatusOr<std::shared_ptr<const MetricsServer::PreparedWeb>> MetricsServer::PrepareWebConfig(
    const WebConfig& web) const {
  if (web.tls.has_value() != options_.web.tls.has_value()) {
    return absl::FailedPreconditionError((web.file.empty() ? std::string("the web config") : web.file) +
                                         ": switching between TLS and plain HTTP needs a restart");
  }
  auto prepared = std::make_shared<PreparedWeb>();
  if (web.tls) {
    prepared->tls.reset(SSL_CTX_new(TLS_server_method()), SSL_CTX_free);
    if (!prepared->tls) return absl::InternalError(web.file + ": cannot set up TLS: " + OpenSslError());
    std::string error;
    if (!SetUpTls(*web.tls, *prepared->tls, error))
      return absl::InvalidArgumentError(error.empty() ? web.file + ": cannot set up TLS" : error);
  }
  if (!web.basic_auth_users.empty()) prepared->auth = std::make_shared<BasicAuth>(web.basic_auth_users);
  prepared->headers = web.headers;
  return std::shared_ptr<const PreparedWeb>(std::move(prepared));
}

void MetricsServer::AnswerReload(httplib::Response& res) const {
  if (!reload_) {
    res.status = 404;
    res.set_content("reload is not available\n", "text/plain");
    return;
  }
  // One at a time: a second request would only wait for the first while
  // holding a turn that scrapes need.
  if (reloading_.exchange(true)) {
    res.status = 503;
    res.set_header("Retry-After", "1");
    res.set_content("a reload is already running\n", "text/plain");
    return;
  }
  struct Done {
    std::atomic<bool>& flag;
    ~Done() { flag.store(false); }
  } done{reloading_};
  const Turn turn(*turns_);
  const std::string error = reload_();
  if (error.empty()) {
    res.set_content("OK\n", "text/plain");
  } else {
    res.status = 500;
    res.set_content(error + "\n", "text/plain");
  }
}

void MetricsServer::UseWebConfig(std::shared_ptr<const PreparedWeb> web) {
  std::lock_guard lock(web_mu_);
  web_.swap(web);
}

std::shared_ptr<const MetricsServer::PreparedWeb> MetricsServer::Web() const {
  std::lock_guard lock(web_mu_);
  return web_;
}

long MetricsServer::bcrypt_runs() const {
  const auto web = Web();
  return web && web->auth ? web->auth->bcrypt_runs() : 0;
}

void MetricsServer::SetCollectables(std::vector<std::shared_ptr<prometheus::Collectable>> collectables) {
  std::lock_guard lock(mu_);
  collectables_.swap(collectables);
}

absl::Status MetricsServer::Start() {
  std::string host;
  int port = 0;
  if (!SplitListenAddress(options_.listen_address, host, port))
    return absl::InvalidArgumentError("bad --web.listen-address \"" + options_.listen_address +
                                      "\" (expected HOST:PORT)");
  const WebConfig& web = options_.web;
  auto prepared = PrepareWebConfig(web);
  if (!prepared.ok()) return prepared.status();
  UseWebConfig(*std::move(prepared));
  ConnectionPool** pool = nullptr;
  if (web.tls) {
    auto ssl = std::make_unique<GuardedServer<httplib::SSLServer>>([](SSL_CTX&) { return true; });
    if (!ssl->is_valid()) return absl::InternalError(web.file + ": cannot set up TLS: " + OpenSslError());
    ssl->tls = [this] { return Web()->tls; };
    pool = &ssl->pool;
    server_ = std::move(ssl);
  } else {
    auto plain = std::make_unique<GuardedServer<httplib::Server>>();
    pool = &plain->pool;
    server_ = std::move(plain);
  }
  turns_ = std::make_unique<std::counting_semaphore<>>(std::max(1, options_.threads));

  // Timeouts and keep-alive are the pool's and ServeConnection's (options_.limits).
  server_->new_task_queue = [this, pool] {
    *pool = new ConnectionPool(options_.limits, std::max(1, options_.threads), connections_);
    return *pool;
  };
  server_->set_payload_max_length(64 * 1024);
  // A connection that sends nothing is not handed to accept() (so it takes
  // no connection slot) until its first bytes arrive; SO_REUSEADDR as cpp-httplib's default.
  listen_fd_ = -1;
  server_->set_socket_options([this](int sock) {
    listen_fd_ = sock;
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    int defer_seconds = 10;
    setsockopt(sock, IPPROTO_TCP, TCP_DEFER_ACCEPT, &defer_seconds, sizeof defer_seconds);
  });

  server_->set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    const auto current = Web();
    for (const auto& [name, value] : current->headers) res.set_header(name, value);
    if (current->auth) {
      // An address that cannot be read (never on TCP/IP) shares one bucket.
      const IpAddress client = IpAddress::Parse(req.remote_addr).value_or(IpAddress());
      switch (CheckInTurn(*current->auth, req.get_header_value("Authorization"), client)) {
        case BasicAuth::Result::kAllowed:
          break;
        case BasicAuth::Result::kThrottled:
          res.status = 429;
          res.set_header("Retry-After", std::to_string(auth_throttle_.RetryAfterSeconds(client)));
          res.set_content("Too Many Requests: too many failed logins from this address\n", "text/plain");
          return httplib::Server::HandlerResponse::Handled;
        case BasicAuth::Result::kDenied:
          res.status = 401;
          res.set_header("WWW-Authenticate", "Basic realm=\"fwlog_exporter\"");
          res.set_content("Unauthorized\n", "text/plain");
          return httplib::Server::HandlerResponse::Handled;
      }
    }
    // A request with neither Content-Length nor Transfer-Encoding has no body
    // (RFC 9112 6.3), but cpp-httplib reads a POST's body until the client
    // closes: `curl -X POST .../-/reload` would wait out the request deadline.
    // No endpoint takes a body, so such requests are answered here.
    if ((req.method == "POST" || req.method == "PUT" || req.method == "PATCH" || req.method == "DELETE") &&
        !req.has_header("Content-Length") && !req.has_header("Transfer-Encoding")) {
      if (req.method == "POST" && req.path == "/-/reload") {
        AnswerReload(res);
      } else {
        res.status = 404;
        res.set_content("Not Found\n", "text/plain");
      }
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });

  const std::string page = [this] {
    std::string p = kLandingPage;
    p.replace(p.find("TELEMETRY"), 9, options_.telemetry_path);
    return p;
  }();
  server_->Get("/", [this, page](const httplib::Request&, httplib::Response& res) {
    if (!summary_) {
      res.set_content(page, "text/html; charset=utf-8");
      return;
    }
    const Turn turn(*turns_);
    res.set_content(RenderSummaryPage(summary_()), "text/html; charset=utf-8");
  });
  server_->Get("/api/summary", [this](const httplib::Request&, httplib::Response& res) {
    if (!summary_) {
      res.status = 404;
      res.set_content("Not Found\n", "text/plain");
      return;
    }
    const Turn turn(*turns_);
    res.set_content(RenderSummaryJson(summary_()), "application/json");
  });
  server_->Get(options_.telemetry_path, [this, pool](const httplib::Request& req, httplib::Response& res) {
    std::size_t size = 0;
    {
      const Turn turn(*turns_);
      size = ServeMetrics(Render(), req.get_header_value("Accept-Encoding"), pinned_, res);
    }
    // Slow readers pin their bodies: past the limit, the longest-running
    // responses go (about as many as the excess holds bodies of this size),
    // so memory stays bounded and this scrape is answered.
    const std::size_t total = pinned_->load();
    const std::size_t limit = options_.limits.max_response_bytes;
    if (size > 0 && total > limit && *pool != nullptr) {
      const std::size_t excess = total - limit;
      (*pool)->CutLongestAnswers(static_cast<int>(std::min<std::size_t>((excess + size - 1) / size, 1 << 16)));
    }
  });
  auto ok = [](const httplib::Request&, httplib::Response& res) { res.set_content("OK\n", "text/plain"); };
  server_->Get("/-/healthy", ok);
  server_->Get("/-/ready", [this](const httplib::Request&, httplib::Response& res) {
    if (ready_ && !ready_()) {
      res.status = 503;
      res.set_content("starting\n", "text/plain");
      return;
    }
    res.set_content("OK\n", "text/plain");
  });
  server_->Post("/-/reload", [this](const httplib::Request&, httplib::Response& res) { AnswerReload(res); });

  if (port == 0) {
    port_ = server_->bind_to_any_port(host);
    if (port_ < 0) return absl::UnavailableError("cannot listen on " + options_.listen_address);
  } else {
    if (!server_->bind_to_port(host, port))
      return absl::UnavailableError("cannot listen on " + options_.listen_address + ": address in use or not allowed");
    port_ = port;
  }
  // cpp-httplib 0.11 listens with a backlog of 5, so a few hundred connecting
  // (or idle) clients would have the kernel drop a scraper's SYN; listen()
  // again on the bound socket raises it (Linux keeps the socket, resizes the queue).
  if (listen_fd_ >= 0) ::listen(listen_fd_, 4096);
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  return absl::OkStatus();
}

void MetricsServer::Stop() {
  if (server_) server_->stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace fwlog
