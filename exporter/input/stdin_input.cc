#include "input/stdin_input.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>

#include "input/line_delivery.h"

namespace fwlog {
namespace {
constexpr std::size_t kBufferBytes = 64 * 1024;
constexpr std::size_t kRoundBudget = std::size_t{4} << 20;
}  // namespace

StdinInput::StdinInput(int input, int fd, std::size_t max_line_bytes, const Clock& clock)
    : input_(input), fd_(fd), clock_(clock), splitter_(max_line_bytes), buffer_(kBufferBytes) {}

bool StdinInput::Poll(LineSink& sink, InputStats& stats) {
  if (done_) return false;
  LineDelivery deliver{sink, stats, input_, clock_.UnixSeconds()};
  std::size_t total = 0;
  bool more = false;
  while (!done_) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, 0) <= 0) break;  // nothing to read now
    if (total >= kRoundBudget) {
      more = true;
      break;
    }
    const ssize_t n = ::read(fd_, buffer_.data(), buffer_.size());
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n <= 0) {  // EOF (or a read error, which ends the stream just the same)
      splitter_.Finish(deliver);
      done_ = true;
      break;
    }
    total += static_cast<std::size_t>(n);
    splitter_.Feed({buffer_.data(), static_cast<std::size_t>(n)}, deliver);
  }
  if (total > 0) stats.BytesRead(input_, total);
  return more;
}

void StdinInput::AppendWakeFds(std::vector<int>& fds) const {
  if (!done_) fds.push_back(fd_);
}

}  // namespace fwlog
