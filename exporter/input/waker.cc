#include "input/waker.h"

#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>

namespace fwlog {

PollWaker::PollWaker() : event_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {}

void PollWaker::Wait(std::span<const int> fds, std::chrono::milliseconds timeout) {
  pollfds_.clear();
  pollfds_.push_back({event_.get(), POLLIN, 0});
  for (int fd : fds) pollfds_.push_back({fd, POLLIN, 0});
  const auto ms = timeout.count() < 0 ? 0 : timeout.count();
  const int n = ::poll(pollfds_.data(), pollfds_.size(), ms > 1000000 ? 1000000 : static_cast<int>(ms));
  if (n > 0 && (pollfds_[0].revents & POLLIN) != 0) {
    std::uint64_t value = 0;
    [[maybe_unused]] const auto r = ::read(event_.get(), &value, sizeof value);
  }
}

void PollWaker::Wake() {
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto r = ::write(event_.get(), &one, sizeof one);
}

}  // namespace fwlog
