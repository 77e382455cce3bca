// SyslogListener's TCP loop: accepts, reads and frames every connection on
// one thread.
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <vector>

#include "input/syslog_framer.h"
#include "input/syslog_listener.h"

namespace fwlog {
namespace {

struct Connection {
  Connection(int fd, std::size_t max, std::chrono::steady_clock::time_point now)
      : socket(fd), framer(max), last_activity(now) {}
  UniqueFd socket;
  SyslogFramer framer;
  std::chrono::steady_clock::time_point last_activity;
};

}  // namespace

void SyslogListener::RunTcp() {
  using Clock = std::chrono::steady_clock;
  std::vector<std::unique_ptr<Connection>> conns;
  std::vector<pollfd> fds;
  std::vector<char> buf(64 * 1024);
  auto emit = [&](std::string_view m, bool cut) { Accept(m, cut); };
  auto close_conn = [&](std::size_t i) {
    conns.erase(conns.begin() + static_cast<std::ptrdiff_t>(i));
    counters_.connections.store(conns.size(), std::memory_order_relaxed);
  };
  for (;;) {
    fds.clear();
    fds.push_back({stop_.get(), POLLIN, 0});
    fds.push_back({socket_.get(), POLLIN, 0});
    auto now = Clock::now();
    auto timeout = idle_timeout_;
    for (const auto& c : conns) {
      fds.push_back({c->socket.get(), POLLIN, 0});
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(c->last_activity + idle_timeout_ - now);
      timeout = std::min(timeout, std::max(left, std::chrono::milliseconds(0)));
    }
    const int ms = conns.empty() ? -1 : static_cast<int>(timeout.count()) + 1;
    if (::poll(fds.data(), fds.size(), ms) < 0 && errno != EINTR) break;
    if ((fds[0].revents & POLLIN) != 0) break;
    now = Clock::now();
    // Existing connections first (their pollfds follow the two fixed ones).
    for (std::size_t i = conns.size(); i-- > 0;) {
      Connection& c = *conns[i];
      const short ev = fds[i + 2].revents;
      bool close = false;
      if ((ev & (POLLIN | POLLHUP | POLLERR)) != 0) {
        const ssize_t n = ::recv(c.socket.get(), buf.data(), buf.size(), MSG_DONTWAIT);
        if (n > 0) {
          c.last_activity = now;
          if (!c.framer.Feed({buf.data(), static_cast<std::size_t>(n)}, emit)) {
            counters_.bad_frame.fetch_add(1, std::memory_order_relaxed);
            close = true;
          }
        } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
          if (c.framer.Finish(emit)) counters_.incomplete.fetch_add(1, std::memory_order_relaxed);
          close = true;
        }
      } else if (now - c.last_activity >= idle_timeout_) {
        // A message still unfinished after the idle timeout never completes.
        if (c.framer.pending()) counters_.incomplete.fetch_add(1, std::memory_order_relaxed);
        close = true;
      }
      if (close) close_conn(i);
    }
    if ((fds[1].revents & POLLIN) != 0) {
      for (;;) {
        const int fd = ::accept4(socket_.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) break;
        if (conns.size() >= spec_.max_connections) {
          ::close(fd);
          counters_.connection_limit.fetch_add(1, std::memory_order_relaxed);
          continue;
        }
        conns.push_back(std::make_unique<Connection>(fd, spec_.max_message_bytes, now));
        counters_.connections.store(conns.size(), std::memory_order_relaxed);
      }
    }
  }
  conns.clear();
  counters_.connections.store(0, std::memory_order_relaxed);
}

}  // namespace fwlog
