// SyslogListener's TCP loop: accepts, reads and frames every connection on
// one thread.
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "input/syslog/syslog_framer.h"
#include "input/syslog/syslog_listener.h"

namespace fwlog {
namespace {

using Clock = std::chrono::steady_clock;

struct Connection {
  Connection(int fd, const IpAddress& from, std::size_t max, Clock::time_point now)
      : socket(fd), peer(from), framer(max), last_message(now), message_start(now) {}

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

  // When the connection is next closed for want of progress (see the file
  // comment of syslog_listener.h), and whether that loses a message.
  Clock::time_point Deadline(std::chrono::milliseconds idle, std::chrono::milliseconds message) const {
    const auto idle_end = last_message + idle;
    return framer.pending() ? std::min(idle_end, message_start + message) : idle_end;
  }
  // Restarts both clocks (the connection waited for the queue, not the sender).
  void Restart(Clock::time_point now) {
    last_message = now;
    message_start = now;
  }

  UniqueFd socket;
  IpAddress peer;
  SyslogFramer framer;
  Clock::time_point last_message;   // a message was last completed (or the connection opened)
  Clock::time_point message_start;  // the unfinished message's first byte came (when framer.pending())
  std::uint64_t overruns = 0;       // framer.overruns() as counted
  std::string held;
  std::size_t held_from = 0;
  bool closing = false;  // ended (by the peer or a bad frame): closes once nothing is held
};

}  // namespace

void SyslogListener::RunTcp() {
  std::vector<std::unique_ptr<Connection>> conns;
  std::unordered_map<IpAddress, std::size_t, IpAddressHash> per_address;  // open connections by peer
  std::vector<pollfd> fds;
  std::vector<char> buf(64 * 1024);
  auto offer = [&](std::string_view m, bool cut) { return Offer(m, cut); };
  auto close_conn = [&](std::size_t i) {
    if (auto it = per_address.find(conns[i]->peer); it != per_address.end() && --it->second == 0) per_address.erase(it);
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
    std::optional<Clock::time_point> next_deadline;
    for (const auto& c : conns) {
      // A connection holding messages is not read (nor timed) until they are queued.
      fds.push_back({c->holding() ? -1 : c->socket.get(), POLLIN, 0});
      if (c->holding()) continue;
      const auto deadline = c->Deadline(idle_timeout_, message_timeout_);
      if (!next_deadline || deadline < *next_deadline) next_deadline = deadline;
    }
    int ms = -1;
    if (next_deadline) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*next_deadline - now);
      ms = static_cast<int>(std::clamp<std::int64_t>(left.count(), 0, 60'000)) + 1;
    }
    if (::poll(fds.data(), fds.size(), ms) < 0 && errno != EINTR) break;
    if ((fds[0].revents & POLLIN) != 0) break;
    now = Clock::now();
    if ((fds[2].revents & POLLIN) != 0) {
      // The queue has room again: held messages first, oldest connection first.
      queue_.ClearSpace();
      for (auto& c : conns) {
        if (c->holding() && c->Release(offer)) c->Restart(now);
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
      std::size_t completed = 0;
      auto emit = [&](std::string_view m, bool cut) {
        ++completed;
        if (c.holding() || !Offer(m, cut)) c.Hold(m, cut);
      };
      const short ev = fds[i + kFixed].revents;
      bool end = false;
      if ((ev & (POLLIN | POLLHUP | POLLERR)) != 0) {
        const ssize_t n = ::recv(c.socket.get(), buf.data(), buf.size(), MSG_DONTWAIT);
        if (n > 0) {
          const bool was_pending = c.framer.pending();
          if (!c.framer.Feed({buf.data(), static_cast<std::size_t>(n)}, emit)) {
            counters_.bad_frame.fetch_add(1, std::memory_order_relaxed);
            end = true;
          }
          if (completed > 0) c.last_message = now;
          // A message begun in this read (none was unfinished before, or
          // one completed and another began): its clock starts now.
          if (c.framer.pending() && (!was_pending || completed > 0)) c.message_start = now;
          if (const auto overruns = c.framer.overruns(); overruns != c.overruns) {
            counters_.frame_overrun.fetch_add(overruns - c.overruns, std::memory_order_relaxed);
            c.overruns = overruns;
          }
        } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
          if (c.framer.Finish(emit)) counters_.incomplete.fetch_add(1, std::memory_order_relaxed);
          end = true;
        }
      } else if (!c.holding() && now >= c.Deadline(idle_timeout_, message_timeout_)) {
        // No message completed for idle_timeout, or one left unfinished for
        // message_timeout: a trickle (or a stalled sender) gives up its slot.
        if (c.framer.pending()) {
          const bool trickled = now >= c.message_start + message_timeout_;
          (trickled ? counters_.message_timeout : counters_.incomplete).fetch_add(1, std::memory_order_relaxed);
        }
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
        sockaddr_storage from{};
        socklen_t from_length = sizeof from;
        const int fd =
            ::accept4(socket_.get(), reinterpret_cast<sockaddr*>(&from), &from_length, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) break;
        const IpAddress peer = PeerAddress(from);
        if (!Allowed(peer)) {
          ::close(fd);
          continue;
        }
        std::size_t& from_peer = per_address[peer];
        if (from_peer >= spec_.max_connections_per_address || conns.size() >= spec_.max_connections) {
          ::close(fd);
          (from_peer >= spec_.max_connections_per_address ? counters_.address_limit : counters_.connection_limit)
              .fetch_add(1, std::memory_order_relaxed);
          if (from_peer == 0) per_address.erase(peer);
          continue;
        }
        ++from_peer;
        conns.push_back(std::make_unique<Connection>(fd, peer, spec_.max_message_bytes, now));
        counters_.connections.store(conns.size(), std::memory_order_relaxed);
      }
    }
  }
  conns.clear();
  counters_.connections.store(0, std::memory_order_relaxed);
}

}  // namespace fwlog
