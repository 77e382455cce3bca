// ConnectionPool's fairness between client addresses when it is full, and
// that it caps no address while it has room. Loopback only: Linux routes all
// of 127/8 to lo, so a client bound to 127.0.0.2 is a second peer address
// beside 127.0.0.1. The pool is driven as MetricsServer drives it (an accept
// loop calling enqueue, ServeConnection in the job) with a stand-in for
// httplib's request processing: "GET /slow" writes for ever, so a client that
// does not read is held in its response phase (a slow reader), and
// "GET /fast" answers "OK" and closes.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "http/connections.h"

namespace fwlog {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr milliseconds kPatience(5000);  // the longest any step may take

bool WriteAll(httplib::Stream& stream, const std::string& bytes) {
  for (std::size_t done = 0; done < bytes.size();) {
    const ssize_t n = stream.write(bytes.data() + done, bytes.size() - done);
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

bool Process(httplib::Stream& stream, bool /*close_connection*/, bool& connection_closed,
             const std::function<void(httplib::Request&)>& /*setup*/) {
  std::string head;
  char c = 0;
  while (head.find("\r\n\r\n") == std::string::npos) {
    if (stream.read(&c, 1) != 1) return false;
    head += c;
  }
  if (head.starts_with("GET /slow ")) {
    const std::string filler(16 * 1024, 'x');
    if (!WriteAll(stream, "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n")) return false;
    while (WriteAll(stream, filler)) {
    }
    return false;
  }
  connection_closed = true;
  return WriteAll(stream, "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nOK\n");
}

// A ConnectionPool behind a listening socket on 127.0.0.1, as MetricsServer
// runs it; slow readers hold their slot for up to 30 s.
class PoolServer {
 public:
  explicit PoolServer(int max_connections) : pool_(Limits(max_connections), 2, counters_) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), len) == 0 && ::listen(listen_fd_, 128) == 0 &&
        ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
      port_ = ntohs(addr.sin_port);
    accept_ = std::thread([this] {
      for (;;) {
        const int fd = ::accept(listen_fd_, nullptr, nullptr);
        if (fd < 0) return;  // shut down by the destructor
        pool_.enqueue([this, fd] { ServeConnection(fd, nullptr, &pool_, Process); });
      }
    });
  }
  ~PoolServer() {
    ::shutdown(listen_fd_, SHUT_RDWR);
    accept_.join();
    pool_.shutdown();
    ::close(listen_fd_);
  }
  PoolServer(const PoolServer&) = delete;
  PoolServer& operator=(const PoolServer&) = delete;

  int port() const { return port_; }
  const ConnectionCounters& counters() const { return counters_; }
  int waiting() const { return pool_.waiting(); }

 private:
  static ConnectionLimits Limits(int max_connections) {
    ConnectionLimits limits;
    limits.max_connections = max_connections;
    limits.response_timeout = milliseconds(30000);
    limits.write_timeout = milliseconds(30000);
    return limits;
  }

  ConnectionCounters counters_;
  ConnectionPool pool_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::thread accept_;
};

// A client socket from `source` (127.0.0.x) to 127.0.0.1:port, with a small
// receive buffer so that a slow reader's response backs up early; -1 on failure.
int ConnectFrom(const char* source, int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  int small = 4096;
  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  sockaddr_in from{};
  from.sin_family = AF_INET;
  inet_pton(AF_INET, source, &from.sin_addr);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<std::uint16_t>(port));
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0 ||
      ::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

bool Send(int fd, const std::string& bytes) {
  return ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size());
}

// Waits for the server's first bytes on `fd` (left unread): its response has
// begun. False after kPatience.
bool AnswerBegun(int fd) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, static_cast<int>(kPatience.count())) == 1;
}

// A slow reader from `source`: asks for /slow, waits until the answer has
// begun, then reads no more. -1 on failure.
int SlowReader(const char* source, int port) {
  const int fd = ConnectFrom(source, port);
  if (fd < 0) return -1;
  if (!Send(fd, "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n") || !AnswerBegun(fd)) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Reads until the server closes `fd` (true) or kPatience passes (false).
bool ReadToEnd(int fd, std::string* out = nullptr) {
  const auto until = Clock::now() + kPatience;
  char buffer[16 * 1024];
  for (;;) {
    const auto left = std::chrono::duration_cast<milliseconds>(until - Clock::now()).count();
    pollfd p{fd, POLLIN, 0};
    if (left <= 0 || ::poll(&p, 1, static_cast<int>(left)) != 1) return false;
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) return true;  // end of stream or reset
    if (out != nullptr) out->append(buffer, static_cast<std::size_t>(n));
  }
}

// Polls `condition` until true or kPatience passes.
bool Eventually(const std::function<bool()>& condition) {
  const auto until = Clock::now() + kPatience;
  while (!condition()) {
    if (Clock::now() > until) return false;
    std::this_thread::sleep_for(milliseconds(5));
  }
  return true;
}

class Clients {
 public:
  ~Clients() {
    for (const int fd : fds) ::close(fd);
  }
  std::vector<int> fds;
};

TEST(ConnectionPoolTest, ManyConnectionsFromOneAddressAreAllServedWhileThereIsRoom) {
  PoolServer server(32);
  ASSERT_NE(server.port(), 0);
  Clients clients;
  // Every slot taken by one address, all at once in their response phase.
  for (int i = 0; i < 32; ++i) {
    clients.fds.push_back(SlowReader("127.0.0.1", server.port()));
    ASSERT_GE(clients.fds.back(), 0) << "connection " << i << " not answered";
  }
  EXPECT_EQ(server.counters().evicted.load(), 0);
  EXPECT_EQ(server.counters().refused.load(), 0);
}

TEST(ConnectionPoolTest, FullPoolOfSlowReadersFromOneAddressStillServesAnotherAddress) {
  PoolServer server(8);
  ASSERT_NE(server.port(), 0);
  Clients slow;
  for (int i = 0; i < 8; ++i) {  // one after another: the first's answer has run longest
    slow.fds.push_back(SlowReader("127.0.0.1", server.port()));
    ASSERT_GE(slow.fds.back(), 0) << "slow reader " << i << " not answered";
  }

  // One more from the same address: nobody may go for it (it would hold as
  // many as before), and none of its connections waits for request bytes.
  const int same = ConnectFrom("127.0.0.1", server.port());
  ASSERT_GE(same, 0);
  ASSERT_TRUE(Send(same, "GET /fast HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::string refused_answer;
  EXPECT_TRUE(ReadToEnd(same, &refused_answer));
  ::close(same);
  EXPECT_EQ(refused_answer, "");
  EXPECT_TRUE(Eventually([&] { return server.counters().refused.load() == 1; }));
  EXPECT_EQ(server.counters().evicted.load(), 0);

  // From another address: it replaces the slow reader answered longest.
  const auto t0 = Clock::now();
  const int other = ConnectFrom("127.0.0.2", server.port());
  ASSERT_GE(other, 0);
  ASSERT_TRUE(Send(other, "GET /fast HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::string answer;
  EXPECT_TRUE(ReadToEnd(other, &answer));
  ::close(other);
  EXPECT_EQ(answer.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << answer;
  EXPECT_TRUE(answer.ends_with("\r\n\r\nOK\n")) << answer;
  EXPECT_LT(Clock::now() - t0, milliseconds(2000));
  EXPECT_EQ(server.counters().evicted.load(), 1);
  EXPECT_EQ(server.counters().refused.load(), 1);
  EXPECT_TRUE(ReadToEnd(slow.fds.front())) << "the first slow reader was not closed";
}

TEST(ConnectionPoolTest, FromTheBusiestAddressAConnectionWaitingForRequestBytesGoesBeforeASlowReader) {
  PoolServer server(8);
  ASSERT_NE(server.port(), 0);
  Clients slow;
  for (int i = 0; i < 4; ++i) {  // answered before the silent ones wait
    slow.fds.push_back(SlowReader("127.0.0.1", server.port()));
    ASSERT_GE(slow.fds.back(), 0) << "slow reader " << i << " not answered";
  }
  Clients silent;
  for (int i = 0; i < 4; ++i) {
    silent.fds.push_back(ConnectFrom("127.0.0.1", server.port()));
    ASSERT_GE(silent.fds.back(), 0);
  }
  ASSERT_TRUE(Eventually([&] { return server.waiting() == 4; }));

  const int other = ConnectFrom("127.0.0.2", server.port());
  ASSERT_GE(other, 0);
  ASSERT_TRUE(Send(other, "GET /fast HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::string answer;
  EXPECT_TRUE(ReadToEnd(other, &answer));
  ::close(other);
  EXPECT_TRUE(answer.ends_with("\r\n\r\nOK\n")) << answer;
  EXPECT_EQ(server.counters().evicted.load(), 1);
  // The one evicted is silent: one of them sees end of stream.
  std::vector<pollfd> polls;
  for (const int fd : silent.fds) polls.push_back(pollfd{fd, POLLIN, 0});
  EXPECT_EQ(::poll(polls.data(), polls.size(), static_cast<int>(kPatience.count())), 1);
}

}  // namespace
}  // namespace fwlog
