// MetricsServer with basic auth: every endpoint needs it, /-/reload included;
// an address that keeps guessing is answered 429 without a bcrypt while
// another address is served; one reload at a time (issue 19).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <prometheus/registry.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "http/metrics_server.h"

namespace fwlog {
namespace {

// bcrypt("secret"), cost 4.
constexpr const char* kSecret4 = "$2b$04$zJLu6Z8KwiCBN9SGn7S4Yeb7PbrrbbnMq9jy9Bx94Bs.m4F0rkbIO";
const httplib::Headers kRight = {{"Authorization", "Basic cHJvbWV0aGV1czpzZWNyZXQ="}};  // prometheus:secret
const httplib::Headers kWrong = {{"Authorization", "Basic cHJvbWV0aGV1czpndWVzcw=="}};  // prometheus:guess

ServerOptions WithAuth() {
  ServerOptions options;
  options.listen_address = "127.0.0.1:0";
  options.web.basic_auth_users = {{"prometheus", kSecret4}};
  return options;
}

// The status of one request sent from `source` (a loopback address), or 0.
int StatusFrom(const char* source, int port, const std::string& request) {
  const int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in from{}, to{};
  from.sin_family = to.sin_family = AF_INET;
  ::inet_pton(AF_INET, source, &from.sin_addr);
  ::inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  to.sin_port = htons(static_cast<std::uint16_t>(port));
  int status = 0;
  if (::bind(s, reinterpret_cast<sockaddr*>(&from), sizeof from) == 0 &&
      ::connect(s, reinterpret_cast<sockaddr*>(&to), sizeof to) == 0 &&
      ::send(s, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size())) {
    char reply[64] = {};
    if (::recv(s, reply, sizeof reply - 1, MSG_WAITALL) > 12) status = std::atoi(reply + 9);  // "HTTP/1.1 200"
  }
  ::close(s);
  return status;
}

TEST(MetricsServerAuthTest, ReloadAndHealthNeedAuthWhenAuthIsConfigured) {
  MetricsServer server(WithAuth(), {std::make_shared<prometheus::Registry>()});
  std::atomic<int> reloads{0};
  server.SetReloadHandler([&] {
    ++reloads;
    return std::string();
  });
  ASSERT_TRUE(server.Start().ok());
  httplib::Client client("127.0.0.1", server.port());
  EXPECT_EQ(client.Post("/-/reload")->status, 401);
  EXPECT_EQ(client.Post("/-/reload", kWrong, "", "text/plain")->status, 401);
  EXPECT_EQ(reloads.load(), 0);
  EXPECT_EQ(client.Post("/-/reload", kRight, "", "text/plain")->status, 200);
  EXPECT_EQ(reloads.load(), 1);
  for (const char* path : {"/-/healthy", "/-/ready", "/metrics", "/"}) {
    EXPECT_EQ(client.Get(path)->status, 401) << path;
    EXPECT_EQ(client.Get(path, kRight)->status, 200) << path;
  }
}

TEST(MetricsServerAuthTest, AnAddressGuessingPasswordsIsAnswered429WithoutABcrypt) {
  ServerOptions options = WithAuth();
  options.auth_throttle = {.burst = 2, .refill = std::chrono::milliseconds(60000), .max_addresses = 64};
  MetricsServer server(options, {std::make_shared<prometheus::Registry>()});
  ASSERT_TRUE(server.Start().ok());
  const std::string guess =
      "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
      "Authorization: Basic cHJvbWV0aGV1czpndWVzcw==\r\n\r\n";
  const std::string right =
      "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
      "Authorization: Basic cHJvbWV0aGV1czpzZWNyZXQ=\r\n\r\n";
  int unauthorized = 0, throttled = 0;
  for (int i = 0; i < 20; ++i) {
    const int status = StatusFrom("127.0.0.3", server.port(), guess);
    unauthorized += status == 401;
    throttled += status == 429;
  }
  EXPECT_EQ(unauthorized, 2);  // the burst
  EXPECT_EQ(throttled, 18);
  EXPECT_EQ(server.bcrypt_runs(), 2);
  EXPECT_EQ(server.auth_throttled(), 18);
  EXPECT_EQ(StatusFrom("127.0.0.2", server.port(), right), 200);  // another address: served
  EXPECT_EQ(StatusFrom("127.0.0.2", server.port(), guess), 401);  // and may still fail normally
}

TEST(MetricsServerAuthTest, OneReloadAtATime) {
  ServerOptions options;
  options.listen_address = "127.0.0.1:0";
  MetricsServer server(options, {std::make_shared<prometheus::Registry>()});
  std::atomic<int> running{0}, most{0};
  server.SetReloadHandler([&] {
    most = std::max(most.load(), ++running);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    --running;
    return std::string();
  });
  ASSERT_TRUE(server.Start().ok());
  std::atomic<int> ok{0}, busy{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < 4; ++i)
    clients.emplace_back([&] {
      httplib::Client client("127.0.0.1", server.port());
      const auto res = client.Post("/-/reload");
      if (res && res->status == 200) ++ok;
      if (res && res->status == 503) ++busy;
    });
  for (auto& t : clients) t.join();
  EXPECT_EQ(most.load(), 1);
  EXPECT_GE(ok.load(), 1);
  EXPECT_EQ(ok.load() + busy.load(), 4);
}

}  // namespace
}  // namespace fwlog
