// SyslogListener's TCP loop: accepts, reads and frames every connection on
// one thread.
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "input/syslog/syslog_framer.h"
#include "input/syslog/syslog_listener.h"

namespace fwlog {
namespace {

struct Connection {
  Connection(int fd, std::size_t max, std::chrono::steady_clock::time_point now)
      : socket(fd), framer(max), last_activity(now) {}

  // Messages the queue had no room for, in order: [u32 length][u8 cut][text]
  // each. Reading stops while any are held. The buffer keeps its capacity.
  void Hold(std::string_view m, bool cut) {
    const auto length = static_cast<std::uint32_t>(m.size());
    held.append(reinterpret_cast<const char*>(&length), sizeof length);
    held.push_back(cut ? 1 : 0);
    held.append(m);
  }
  bool holding() const { return held_from < held.size(); }
  // Offers the held messages in order; true when none is left.
  template <typename Offer>
  bool Release(Offer&& offer) {
    while (holding()) {
      std::uint32_t length = 0;
      std::memcpy(&length, held.data() + held_from, sizeof length);
      const bool cut = held[held_from + sizeof length] != 0;
      const std::size_t text = held_from + sizeof length + 1;
      if (!offer(std::string_view(held).substr(text, length), cut)) return false;
      held_from = text + length;
    }
    held.clear();
    held_from = 0;
    return true;
  }

  UniqueFd socket;
  SyslogFramer framer;
  std::chrono::steady_clock::time_point last_activity;
  std::string held;
  std::size_t held_from = 0;
  bool closing = false;  // ended (by the peer or a bad frame): closes once nothing is held
};

}  // namespace

void SyslogListener::RunTcp() {
  using Clock = std::chrono::steady_clock;
  std::vector<std::unique_ptr<Connection>> conns;
  std::vector<pollfd> fds;
  std::vector<char> buf(64 * 1024);
  auto offer = [&](std::string_view m, bool cut) { return Offer(m, cut); };
  auto close_conn = [&](std::size_t i) {
    conns.erase(conns.begin() + static_cast<std::ptrdiff_t>(i));
    counters_.connections.store(conns.size(), std::memory_order_relaxed);
  };
  constexpr std::size_t kFixed = 3;  // stop, listening socket, queue room
  for (;;) {
    fds.clear();
    fds.push_back({stop_.get(), POLLIN, 0});
    fds.push_back({socket_.get(), POLLIN, 0});
    bool any_held = false;
    for (const auto& c : conns) any_held = any_held || c->holding();
    fds.push_back({any_held ? queue_.space_fd() : -1, POLLIN, 0});
    auto now = Clock::now();
    auto timeout = idle_timeout_;
    bool any_idle_clock = false;
    for (const auto& c : conns) {
      // A connection holding messages is not read (nor idle) until they are queued.
      fds.push_back({c->holding() ? -1 : c->socket.get(), POLLIN, 0});
      if (c->holding()) continue;
      any_idle_clock = true;
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(c->last_activity + idle_timeout_ - now);
      timeout = std::min(timeout, std::max(left, std::chrono::milliseconds(0)));
    }
    const int ms = any_idle_clock ? static_cast<int>(timeout.count()) + 1 : -1;
    if (::poll(fds.data(), fds.size(), ms) < 0 && errno != EINTR) break;
    if ((fds[0].revents & POLLIN) != 0) break;
    now = Clock::now();
    if ((fds[2].revents & POLLIN) != 0) {
      // The queue has room again: held messages first, oldest connection first.
      queue_.ClearSpace();
      for (auto& c : conns) {
        if (c->holding() && c->Release(offer)) c->last_activity = now;
      }
    }
    // Existing connections (their pollfds follow the fixed ones), newest
    // first so that closing one leaves the indices still to visit.
    for (std::size_t i = conns.size(); i-- > 0;) {
      Connection& c = *conns[i];
      if (c.closing) {
        if (!c.holding()) close_conn(i);
        continue;
      }
      auto emit = [&](std::string_view m, bool cut) {
        if (c.holding() || !Offer(m, cut)) c.Hold(m, cut);
      };
      const short ev = fds[i + kFixed].revents;
      bool end = false;
      if ((ev & (POLLIN | POLLHUP | POLLERR)) != 0) {
        const ssize_t n = ::recv(c.socket.get(), buf.data(), buf.size(), MSG_DONTWAIT);
        if (n > 0) {
          c.last_activity = now;
          if (!c.framer.Feed({buf.data(), static_cast<std::size_t>(n)}, emit)) {
            counters_.bad_frame.fetch_add(1, std::memory_order_relaxed);
            end = true;
          }
        } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
          if (c.framer.Finish(emit)) counters_.incomplete.fetch_add(1, std::memory_order_relaxed);
          end = true;
        }
      } else if (!c.holding() && now - c.last_activity >= idle_timeout_) {
        // A message still unfinished after the idle timeout never completes.
        if (c.framer.pending()) counters_.incomplete.fetch_add(1, std::memory_order_relaxed);
        end = true;
      }
      if (!end) continue;
      if (c.holding()) {
        c.closing = true;
        c.socket.Reset();  // the peer sees the close now; the held messages still go to the queue
      } else {
        close_conn(i);
      }
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
