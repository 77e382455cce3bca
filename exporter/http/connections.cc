#include "http/connections.h"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <cstring>
#include <optional>
#include <system_error>
#include <thread>
#include <unordered_map>

namespace fwlog {
namespace {

using Clock = std::chrono::steady_clock;

// DeadlineStream: cpp-httplib's view of one connection (plain or TLS) on a
// non-blocking socket. Reads are buffered (httplib reads the request line a
// byte at a time) and fail once the request's deadline has passed, a single
// wait exceeds the read timeout, or the request grows past its byte limit;
// writes fail past the response deadline or the write timeout. Any failure
// is final: the connection is then closed. While a read waits for bytes, or
// once a response has begun, the pool may evict the connection (shutdown(2):
// a read then sees end of stream, a write fails).
class DeadlineStream final : public httplib::Stream {
 public:
  DeadlineStream(int fd, ConnectionPool& pool, PooledConnection& connection)
      : fd_(fd), pool_(pool), connection_(connection), limits_(pool.limits()) {}

  void set_tls(SSL* ssl) { ssl_ = ssl; }
  bool failed() const { return failed_; }

  // A request (the first: from accept, so the TLS handshake counts) begins.
  void StartRequest() {
    read_deadline_ = Clock::now() + limits_.request_timeout;
    write_deadline_.reset();
    request_bytes_ = 0;
    pool_.Restart(connection_);
  }

  // Keep-alive: waits up to keep_alive_timeout for the next request's first byte.
  bool WaitForRequest() {
    if (pos_ < end_ || (ssl_ != nullptr && SSL_pending(ssl_) > 0)) return true;
    pool_.Restart(connection_);
    return Wait(POLLIN, Clock::now() + limits_.keep_alive_timeout, true);
  }

  bool Handshake() {
    for (;;) {
      ERR_clear_error();
      const int r = SSL_accept(ssl_);
      if (r == 1) return true;
      const int events = WantedEvents(SSL_get_error(ssl_, r));
      if (events == 0) {
        Fail();
        return false;
      }
      if (!Wait(events, Until(read_deadline_, limits_.read_timeout), true)) {
        TimedOut();
        return false;
      }
    }
  }

  bool is_readable() const override { return pos_ < end_ || (ssl_ != nullptr && SSL_pending(ssl_) > 0); }
  bool is_writable() const override { return !failed_; }

  ssize_t read(char* ptr, std::size_t size) override {
    if (failed_) return -1;
    if (pos_ == end_) {
      const ssize_t got = Receive(buffer_.data(), buffer_.size());
      if (got <= 0) return got;
      pos_ = 0;
      end_ = static_cast<std::size_t>(got);
    }
    const std::size_t n = std::min(size, end_ - pos_);
    request_bytes_ += n;
    if (request_bytes_ > limits_.max_request_bytes) return Fail();
    std::memcpy(ptr, buffer_.data() + pos_, n);
    pos_ += n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, std::size_t size) override {
    if (failed_) return -1;
    if (!write_deadline_) {
      write_deadline_ = Clock::now() + limits_.response_timeout;
      pool_.StartAnswer(connection_);
    }
    for (;;) {
      int events = POLLOUT;
      if (ssl_ != nullptr) {
        ERR_clear_error();
        const int r = SSL_write(ssl_, ptr, static_cast<int>(std::min<std::size_t>(size, INT_MAX)));
        if (r > 0) return r;
        events = WantedEvents(SSL_get_error(ssl_, r));
        if (events == 0) return Fail();
      } else {
        const ssize_t r = ::send(fd_, ptr, size, MSG_NOSIGNAL);
        if (r >= 0) return r;
        if (errno == EINTR) continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK) return Fail();
      }
      if (!Wait(events, Until(*write_deadline_, limits_.write_timeout), false)) return TimedOut();
    }
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (getpeername(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) Name(addr, len, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) Name(addr, len, ip, port);
  }
  socket_t socket() const override { return fd_; }

 private:
  static int WantedEvents(int ssl_error) {
    if (ssl_error == SSL_ERROR_WANT_READ) return POLLIN;
    if (ssl_error == SSL_ERROR_WANT_WRITE) return POLLOUT;
    return 0;
  }

  static void Name(const sockaddr_storage& addr, socklen_t len, std::string& ip, int& port) {
    std::array<char, NI_MAXHOST> host{};
    std::array<char, NI_MAXSERV> service{};
    if (getnameinfo(reinterpret_cast<const sockaddr*>(&addr), len, host.data(), host.size(), service.data(),
                    service.size(), NI_NUMERICHOST | NI_NUMERICSERV) == 0) {
      ip = host.data();
      port = std::atoi(service.data());
    }
  }

  // The connection is done for; -1 is what httplib expects from read/write.
  ssize_t Fail() {
    failed_ = true;
    return -1;
  }
  ssize_t TimedOut() {
    ++pool_.counters().timed_out;
    return Fail();
  }
  // The end of the next wait: the deadline, or `longest` from now if sooner.
  static Clock::time_point Until(Clock::time_point deadline, std::chrono::milliseconds longest) {
    return std::min(deadline, Clock::now() + longest);
  }

  // Reads what has arrived, waiting within the request's deadline: bytes,
  // 0 at end of stream, -1 on error or timeout.
  ssize_t Receive(char* buffer, std::size_t size) {
    for (;;) {
      int events = POLLIN;
      if (ssl_ != nullptr) {
        ERR_clear_error();
        const int r = SSL_read(ssl_, buffer, static_cast<int>(std::min<std::size_t>(size, INT_MAX)));
        if (r > 0) return r;
        const int error = SSL_get_error(ssl_, r);
        if (error == SSL_ERROR_ZERO_RETURN) return 0;
        events = WantedEvents(error);
        if (events == 0) return Fail();
      } else {
        const ssize_t r = ::recv(fd_, buffer, size, 0);
        if (r >= 0) return r;
        if (errno == EINTR) continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK) return Fail();
      }
      if (!Wait(events, Until(read_deadline_, limits_.read_timeout), true)) return TimedOut();
    }
  }

  // Waits for `events` until `until`; false only when the time is up. A wait
  // for request bytes marks the connection evictable meanwhile.
  bool Wait(int events, Clock::time_point until, bool for_request) {
    if (for_request) pool_.SetWaiting(connection_, true);
    int ready = 0;
    for (;;) {
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(until - Clock::now()).count();
      if (left <= 0) break;
      pollfd p{fd_, static_cast<short>(events), 0};
      ready = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, INT_MAX)));
      if (ready != 0 && !(ready < 0 && errno == EINTR)) break;
    }
    if (for_request) pool_.SetWaiting(connection_, false);
    return ready != 0;  // an error: the next read or write reports it
  }

  const int fd_;
  ConnectionPool& pool_;
  PooledConnection& connection_;
  const ConnectionLimits& limits_;
  SSL* ssl_ = nullptr;
  bool failed_ = false;
  Clock::time_point read_deadline_;
  std::optional<Clock::time_point> write_deadline_;
  std::size_t request_bytes_ = 0;
  std::array<char, 4096> buffer_{};
  std::size_t pos_ = 0;
  std::size_t end_ = 0;
};

void CloseSocket(int fd) {
  ::shutdown(fd, SHUT_RDWR);
  ::close(fd);
}

// The peer's address (IPv4 in its IPv4-mapped form, as IpAddress keeps it,
// so a dual-stack listener counts one client once); all zeros if unknown.
IpAddress PeerOf(int fd) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (getpeername(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return IpAddress();
  if (addr.ss_family == AF_INET6) {
    sockaddr_in6 in6{};
    std::memcpy(&in6, &addr, sizeof in6);
    IpAddress::Bytes bytes;
    std::memcpy(bytes.data(), &in6.sin6_addr, bytes.size());
    return IpAddress::FromBytes(bytes);
  }
  if (addr.ss_family == AF_INET) {
    sockaddr_in in{};
    std::memcpy(&in, &addr, sizeof in);
    return IpAddress::FromV4(ntohl(in.sin_addr.s_addr));
  }
  return IpAddress();
}

// One connection's keep-alive loop (on its own thread); the pool closes the
// socket afterwards.
void Serve(PooledConnection& connection, SSL_CTX* tls, ConnectionPool& pool, const ProcessRequest& process) {
  const int sock = connection.fd;
  const int flags = fcntl(sock, F_GETFL, 0);
  if (flags < 0 || fcntl(sock, F_SETFL, flags | O_NONBLOCK) < 0) return;
  DeadlineStream stream(sock, pool, connection);
  stream.StartRequest();
  SSL* ssl = nullptr;
  bool ready = true;
  if (tls != nullptr) {
    ssl = SSL_new(tls);
    ready = ssl != nullptr && SSL_set_fd(ssl, sock) == 1;
    if (ready) {
      stream.set_tls(ssl);
      ready = stream.Handshake();
    }
  }
  const std::function<void(httplib::Request&)> setup = [ssl](httplib::Request& req) { req.ssl = ssl; };
  const int max_requests = std::max(1, pool.limits().keep_alive_max_requests);
  for (int served = 0; ready && served < max_requests; ++served) {
    if (served > 0) {
      if (!stream.WaitForRequest()) break;
      stream.StartRequest();
    }
    const bool last = served + 1 == max_requests || pool.stopping();
    bool closed = false;
    const bool ok = process(stream, last, closed, ssl != nullptr ? setup : nullptr);
    if (!ok || closed || last || stream.failed()) break;
  }
  if (ssl != nullptr) {
    if (ready && !stream.failed()) {
      ERR_clear_error();
      SSL_shutdown(ssl);  // one non-blocking attempt at close_notify
    }
    SSL_free(ssl);
  }
}

}  // namespace

ConnectionPool::ConnectionPool(const ConnectionLimits& limits, int spare_threads, ConnectionCounters& counters)
    : limits_(limits), spare_threads_(spare_threads), counters_(counters) {}

ConnectionPool::~ConnectionPool() { shutdown(); }

void ConnectionPool::enqueue(std::function<void()> fn) { fn(); }

void ConnectionPool::Admit(int fd, Serve serve) {
  const IpAddress peer = PeerOf(fd);
  {
    std::lock_guard lock(mu_);
    if (!stopping_ && (open_.size() < static_cast<std::size_t>(limits_.max_connections) || MakeRoom(peer)) &&
        (idle_ > static_cast<int>(jobs_.size()) || StartThread())) {
      const auto connection = open_.emplace(open_.end());
      connection->fd = fd;
      connection->peer = peer;
      connection->since = Clock::now();
      jobs_.push_back(Job{connection, std::move(serve)});
      work_.notify_one();
      return;
    }
  }
  // Full of connections that may not go, out of threads, or stopping.
  ++counters_.refused;
  CloseSocket(fd);
}

bool ConnectionPool::StartThread() {
  try {
    std::thread([this] { Work(); }).detach();
  } catch (const std::system_error&) {
    return false;
  }
  ++threads_;
  return true;
}

void ConnectionPool::shutdown() {
  std::unique_lock lock(mu_);
  stopping_ = true;
  for (const PooledConnection& c : open_) ::shutdown(c.fd, SHUT_RDWR);
  work_.notify_all();
  all_exited_.wait(lock, [this] { return threads_ == 0; });
}

void ConnectionPool::Work() {
  std::unique_lock lock(mu_);
  for (;;) {
    ++idle_;
    const bool woken = work_.wait_for(lock, std::chrono::minutes(1), [this] { return !jobs_.empty() || stopping_; });
    --idle_;
    if (!jobs_.empty()) {
      Job job = std::move(jobs_.front());
      jobs_.pop_front();
      lock.unlock();
      job.serve(*job.connection);
      job.serve = nullptr;
      lock.lock();
      // Forgotten before it is closed: the pool never touches a reused descriptor.
      const int fd = job.connection->fd;
      open_.erase(job.connection);
      lock.unlock();
      CloseSocket(fd);
      lock.lock();
      continue;
    }
    if (stopping_ || (!woken && threads_ > spare_threads_)) break;
  }
  // Notified under the lock: shutdown() (and the destructor) cannot proceed
  // before this thread has let go of the pool.
  if (--threads_ == 0) all_exited_.notify_all();
}

int ConnectionPool::waiting() const {
  std::lock_guard lock(mu_);
  return static_cast<int>(
      std::count_if(open_.begin(), open_.end(), [](const PooledConnection& c) { return c.waiting; }));
}

void ConnectionPool::SetWaiting(PooledConnection& connection, bool waiting) {
  std::lock_guard lock(mu_);
  connection.waiting = waiting;
}

void ConnectionPool::Restart(PooledConnection& connection) {
  std::lock_guard lock(mu_);
  connection.since = Clock::now();
  connection.answering = false;
}

void ConnectionPool::StartAnswer(PooledConnection& connection) {
  std::lock_guard lock(mu_);
  connection.answering = true;
  connection.answer_since = Clock::now();
}

int ConnectionPool::CutLongestAnswers(int n) {
  std::lock_guard lock(mu_);
  int cut = 0;
  for (; cut < n; ++cut) {
    PooledConnection* victim = nullptr;
    for (PooledConnection& c : open_) {
      if (!c.evicted && c.answering && (victim == nullptr || c.answer_since < victim->answer_since)) victim = &c;
    }
    if (victim == nullptr) break;
    victim->evicted = true;
    ::shutdown(victim->fd, SHUT_RDWR);
    ++counters_.cut;
  }
  return cut;
}

bool ConnectionPool::MakeRoom(const IpAddress& newcomer) {
  // Connections per address, not counting those already on their way out.
  std::unordered_map<IpAddress, int, IpAddressHash> held;
  for (const PooledConnection& c : open_) {
    if (!c.evicted) ++held[c.peer];
  }
  const int mine = held[newcomer];  // the newcomer's address, before it
  // 1. From the busiest address holding more than the newcomer's would with
  // it: the longest waiting for request bytes, else the longest answered.
  PooledConnection* victim = nullptr;
  int victim_held = 0;
  const auto better = [&](const PooledConnection& c, int c_held) {
    if (victim == nullptr) return true;
    if (c_held != victim_held) return c_held > victim_held;
    if (c.waiting != victim->waiting) return c.waiting;
    return c.waiting ? c.since < victim->since : c.answer_since < victim->answer_since;
  };
  for (PooledConnection& c : open_) {
    if (c.evicted || !(c.waiting || c.answering)) continue;
    const int c_held = held[c.peer];
    if (c_held > mine + 1 && better(c, c_held)) {
      victim = &c;
      victim_held = c_held;
    }
  }
  // 2. Else the longest waiting for request bytes, from an address holding
  // at least as many as the newcomer's (its own included).
  if (victim == nullptr) {
    for (PooledConnection& c : open_) {
      if (!c.evicted && c.waiting && held[c.peer] >= mine && (victim == nullptr || c.since < victim->since))
        victim = &c;
    }
  }
  if (victim == nullptr) return false;
  victim->evicted = true;
  ::shutdown(victim->fd, SHUT_RDWR);
  ++counters_.evicted;
  return true;
}

void ServeConnection(int sock, std::shared_ptr<SSL_CTX> tls, ConnectionPool* pool, const ProcessRequest& process) {
  if (pool == nullptr) {
    CloseSocket(sock);
    return;
  }
  pool->Admit(sock, [tls = std::move(tls), pool, process](PooledConnection& connection) {
    Serve(connection, tls.get(), *pool, process);
  });
}

}  // namespace fwlog
