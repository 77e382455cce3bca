// MetricsServer against slow and idle clients (loopback, small limits so each
// test takes a few seconds): slow-trickle clients (one request byte at a time,
// never finishing) and silent ones must not keep a scrape waiting, and the
// server must close them itself; a slow but finished request is still served.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <prometheus/counter.h>
#include <prometheus/registry.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "http/metrics_server.h"

namespace fwlog {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

int Connect(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    if (fd >= 0) ::close(fd);
    return -1;
  }
  return fd;
}

// True once the server has closed the connection (end of stream or reset);
// any bytes it sent before are read and dropped.
bool ClosedByServer(int fd) {
  pollfd p{fd, POLLIN, 0};
  while (::poll(&p, 1, 0) > 0) {
    char buffer[512];
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
    if (n <= 0) return true;
  }
  return false;
}

bool SendAll(int fd, const std::string& bytes) {
  return ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size());
}

struct Server {
  explicit Server(ServerOptions options) {
    auto registry = std::make_shared<prometheus::Registry>();
    prometheus::BuildCounter().Name("t_total").Help("t").Register(*registry).Add({}).Increment();
    options.listen_address = "127.0.0.1:0";
    server = std::make_unique<MetricsServer>(std::move(options),
                                             std::vector<std::shared_ptr<prometheus::Collectable>>{registry});
    started = server->Start().ok();
  }
  std::unique_ptr<MetricsServer> server;
  bool started = false;
};

ServerOptions SmallLimits() {
  ServerOptions options;
  options.threads = 2;
  options.limits.max_connections = 16;
  options.limits.request_timeout = milliseconds(1500);
  options.limits.read_timeout = milliseconds(1000);
  options.limits.keep_alive_timeout = milliseconds(2000);
  return options;
}

TEST(SlowClientTest, TrickleAndSilentClientsDoNotKeepScrapesWaitingAndAreClosed) {
  Server s(SmallLimits());
  ASSERT_TRUE(s.started);
  const int port = s.server->port();

  // Three times as many trickling connections as there are slots (and 24
  // times the request threads), plus some that send nothing at all.
  const std::string request = "GET /metrics HTTP/1.1\r\nHost: x\r\nX-Slow: " + std::string(200, 'a');
  std::vector<int> trickle;
  std::vector<int> silent;
  const auto start = Clock::now();
  for (int i = 0; i < 48; ++i) {
    const int fd = Connect(port);
    ASSERT_GE(fd, 0);
    ASSERT_TRUE(SendAll(fd, request.substr(0, 1)));
    trickle.push_back(fd);
  }
  for (int i = 0; i < 8; ++i) silent.push_back(Connect(port));

  std::atomic<bool> done{false};
  // Milliseconds from the start until the server closed each; 0 while open.
  std::vector<std::atomic<long long>> closed_after(trickle.size());
  std::thread trickler([&] {
    for (std::size_t next = 1; !done && next < request.size(); ++next) {
      for (std::size_t i = 0; i < trickle.size(); ++i) {
        if (closed_after[i] != 0) continue;
        if (ClosedByServer(trickle[i]) || !SendAll(trickle[i], request.substr(next, 1)))
          closed_after[i] =
              std::max<long long>(1, std::chrono::duration_cast<milliseconds>(Clock::now() - start).count());
      }
      std::this_thread::sleep_for(milliseconds(100));
    }
  });

  // Scrapes while they trickle (once the burst has settled: a connection
  // arriving while every slot is still starting up is refused): each
  // answered, and promptly.
  std::this_thread::sleep_for(milliseconds(300));
  int answered = 0;
  Clock::duration slowest{};
  for (int i = 0; i < 10; ++i) {
    httplib::Client client("127.0.0.1", port);
    client.set_connection_timeout(3);
    client.set_read_timeout(3);
    const auto t0 = Clock::now();
    const auto res = client.Get("/metrics");
    slowest = std::max(slowest, Clock::now() - t0);
    if (res && res->status == 200 && res->body.find("t_total 1") != std::string::npos) {
      ++answered;
    } else {
      ADD_FAILURE() << "scrape " << i << ": " << (res ? std::to_string(res->status) : httplib::to_string(res.error()));
    }
    std::this_thread::sleep_for(milliseconds(150));
  }
  EXPECT_EQ(answered, 10);
  EXPECT_LT(slowest, milliseconds(1000));

  // Every trickling connection is closed by the server: refused in the burst,
  // evicted for a newer connection, or at its request deadline (1.5 s); none
  // lives to finish its request (at one byte per 100 ms, it would take 23 s).
  while (Clock::now() - start < milliseconds(6000)) {
    bool all = true;
    for (const auto& c : closed_after) all = all && c != 0;
    if (all) break;
    std::this_thread::sleep_for(milliseconds(100));
  }
  done = true;
  trickler.join();
  for (std::size_t i = 0; i < trickle.size(); ++i) {
    EXPECT_NE(closed_after[i], 0) << "connection " << i << " still open";
    EXPECT_LT(closed_after[i], 4000) << "connection " << i;
  }
  const auto& counters = s.server->connections();
  std::printf("refused %ld, evicted %ld, timed out %ld; slowest scrape %lld ms\n", counters.refused.load(),
              counters.evicted.load(), counters.timed_out.load(),
              static_cast<long long>(std::chrono::duration_cast<milliseconds>(slowest).count()));
  EXPECT_GE(counters.refused.load() + counters.evicted.load() + counters.timed_out.load(), 48);
  EXPECT_GT(counters.timed_out.load(), 0);
  for (const int fd : trickle) ::close(fd);
  for (const int fd : silent) ::close(fd);
  s.server->Stop();
}

TEST(SlowClientTest, RequestArrivingInPiecesWithinTheDeadlineIsAnswered) {
  Server s(SmallLimits());
  ASSERT_TRUE(s.started);
  const int fd = Connect(s.server->port());
  ASSERT_GE(fd, 0);
  for (const char* piece : {"GET /-/healthy HT", "TP/1.1\r\nHost: x\r\n", "Connection: close\r\n\r\n"}) {
    ASSERT_TRUE(SendAll(fd, piece));
    std::this_thread::sleep_for(milliseconds(300));
  }
  std::string answer;
  char buffer[1024];
  for (ssize_t n; (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0;) answer.append(buffer, static_cast<std::size_t>(n));
  ::close(fd);
  EXPECT_EQ(answer.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << answer;
  EXPECT_NE(answer.find("\r\n\r\nOK\n"), std::string::npos) << answer;
}

TEST(SlowClientTest, IdleKeptAliveConnectionIsClosedAfterTheKeepAliveTimeout) {
  ServerOptions options = SmallLimits();
  options.limits.keep_alive_timeout = milliseconds(500);
  Server s(options);
  ASSERT_TRUE(s.started);
  const int fd = Connect(s.server->port());
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(SendAll(fd, "GET /-/healthy HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::string answer;
  char buffer[1024];
  while (answer.find("\r\n\r\nOK\n") == std::string::npos) {
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    ASSERT_GT(n, 0) << answer;
    answer.append(buffer, static_cast<std::size_t>(n));
  }
  const auto t0 = Clock::now();
  pollfd p{fd, POLLIN, 0};
  ASSERT_EQ(::poll(&p, 1, 3000), 1);
  EXPECT_EQ(::recv(fd, buffer, sizeof buffer, 0), 0);
  EXPECT_LT(Clock::now() - t0, milliseconds(1500));
  ::close(fd);
}

TEST(SlowClientTest, RequestLargerThanTheLimitIsCutOff) {
  ServerOptions options = SmallLimits();
  options.limits.max_request_bytes = 16 * 1024;
  Server s(options);
  ASSERT_TRUE(s.started);
  const int fd = Connect(s.server->port());
  ASSERT_GE(fd, 0);
  std::string request = "GET /metrics HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 1000; ++i) request += "X-Filler-" + std::to_string(i) + ": " + std::string(40, 'b') + "\r\n";
  request += "\r\n";
  SendAll(fd, request);  // the server may close before it has all of it
  std::string answer;
  char buffer[1024];
  pollfd p{fd, POLLIN, 0};
  while (::poll(&p, 1, 3000) == 1) {
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    answer.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  EXPECT_EQ(answer.find("200 OK"), std::string::npos) << answer.substr(0, 200);
}

// Readers that ask for /metrics and then take nothing pin their bodies. Past
// max_response_bytes the longest-running responses are cut, so the bodies
// held stay within the limit and one body, and a scrape is still answered in
// full.
TEST(SlowClientTest, SlowReadersPinNoMoreBodiesThanTheResponseLimit) {
  auto registry = std::make_shared<prometheus::Registry>();
  auto& family = prometheus::BuildCounter().Name("wide_total").Help("w").Register(*registry);
  // ~9 MB of text: more than the kernel's send buffer takes (tcp_wmem's 4 MB
  // at most), so a reader that takes nothing keeps the rest in the server.
  for (int i = 0; i < 120000; ++i) family.Add({{"label", std::to_string(i) + std::string(50, 'x')}}).Increment();
  ServerOptions options = SmallLimits();
  options.listen_address = "127.0.0.1:0";
  options.limits.max_connections = 64;
  options.limits.response_timeout = milliseconds(60000);
  options.limits.write_timeout = milliseconds(60000);
  options.limits.max_response_bytes = 16 << 20;
  MetricsServer server(std::move(options), {registry});
  ASSERT_TRUE(server.Start().ok());
  const int port = server.port();

  const std::string request = "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n";
  std::vector<int> readers;
  for (int i = 0; i < 12; ++i) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_GE(fd, 0);
    const int small = 4096;  // so that the kernel holds little of the body for us
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    ASSERT_TRUE(SendAll(fd, request));
    pollfd p{fd, POLLIN, 0};
    ASSERT_EQ(::poll(&p, 1, 5000), 1) << "reader " << i << " not answered";
    readers.push_back(fd);
  }
  const std::size_t body = server.Render().size();
  ASSERT_GT(body, std::size_t{8} << 20);
  // Without the limit 12 bodies (~100 MB) would be held until the 60 s deadline.
  const auto within = [&] { return server.pinned_response_bytes() <= (std::size_t{16} << 20) + body; };
  const auto until = Clock::now() + milliseconds(5000);
  while (!within() && Clock::now() < until) std::this_thread::sleep_for(milliseconds(10));
  EXPECT_TRUE(within()) << server.pinned_response_bytes() << " bytes held";
  EXPECT_GE(server.connections().cut.load(), 12 - 3);
  // The first reader's response ran longest: it was cut.
  bool closed = false;
  for (const auto end = Clock::now() + milliseconds(5000); !closed && Clock::now() < end;) {
    closed = ClosedByServer(readers.front());
    if (!closed) std::this_thread::sleep_for(milliseconds(10));
  }
  EXPECT_TRUE(closed);

  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(5);
  const auto res = client.Get("/metrics");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body.size(), body);
  for (const int fd : readers) ::close(fd);
  server.Stop();
}

}  // namespace
}  // namespace fwlog
