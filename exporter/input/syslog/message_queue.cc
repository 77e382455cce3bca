#include "input/syslog/message_queue.h"

#include <sys/eventfd.h>
#include <unistd.h>

#include <cstring>

namespace fwlog {
namespace {

struct RecordHeader {
  std::int64_t receive_time;
  std::uint32_t length;
  std::uint32_t cut;
};

constexpr std::size_t kAlign = alignof(RecordHeader);

std::size_t RecordSize(std::size_t text) { return (sizeof(RecordHeader) + text + kAlign - 1) / kAlign * kAlign; }

}  // namespace

MessageQueue::MessageQueue(std::size_t max_messages, std::size_t capacity_bytes)
    : max_messages_(max_messages),
      capacity_(capacity_bytes / kAlign * kAlign),
      // Not value-initialised: pages are only touched as records reach them.
      ring_(new char[capacity_]),
      wake_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)),
      space_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {}

bool MessageQueue::Push(std::string_view text, std::int64_t receive_time, bool cut) {
  const std::size_t need = RecordSize(text.size());
  bool was_empty = false;
  {
    std::lock_guard lock(mu_);
    auto full = [&] {
      push_failed_ = true;
      return false;
    };
    if (count_ >= max_messages_) return full();
    std::size_t at = 0;
    if (wrap_ == 0) {  // records lie in [head_, tail_)
      if (tail_ + need <= capacity_) {
        at = tail_;
      } else if (need < head_) {  // wrap to the front; keep tail_ < head_
        wrap_ = tail_;
        at = 0;
      } else {
        return full();
      }
    } else {  // records lie in [head_, wrap_) and [0, tail_)
      if (tail_ + need >= head_) return full();
      at = tail_;
    }
    RecordHeader h{receive_time, static_cast<std::uint32_t>(text.size()), cut ? 1U : 0U};
    std::memcpy(ring_.get() + at, &h, sizeof h);
    if (!text.empty()) std::memcpy(ring_.get() + at + sizeof h, text.data(), text.size());
    tail_ = at + need;
    was_empty = count_++ == 0;
  }
  if (was_empty) {
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto r = ::write(wake_.get(), &one, sizeof one);
  }
  return true;
}

bool MessageQueue::Front(QueuedMessage& m) const {
  std::lock_guard lock(mu_);
  if (count_ == 0) return false;
  // The producer never writes into [head_, head_ + record): safe to read
  // after the lock is released, until PopFront.
  RecordHeader h;
  std::memcpy(&h, ring_.get() + head_, sizeof h);
  m.receive_time = h.receive_time;
  m.cut = h.cut != 0;
  m.text = std::string_view(ring_.get() + head_ + sizeof h, h.length);
  return true;
}

void MessageQueue::PopFront() {
  std::lock_guard lock(mu_);
  RecordHeader h;
  std::memcpy(&h, ring_.get() + head_, sizeof h);
  head_ += RecordSize(h.length);
  --count_;
  if (count_ == 0) {
    head_ = tail_ = wrap_ = 0;
  } else if (wrap_ != 0 && head_ == wrap_) {
    head_ = 0;
    wrap_ = 0;
  }
}

void MessageQueue::ClearWake() {
  std::uint64_t value = 0;
  [[maybe_unused]] const auto r = ::read(wake_.get(), &value, sizeof value);
}

void MessageQueue::NotifySpace() {
  {
    std::lock_guard lock(mu_);
    if (!push_failed_) return;
    push_failed_ = false;
  }
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto r = ::write(space_.get(), &one, sizeof one);
}

void MessageQueue::ClearSpace() {
  std::uint64_t value = 0;
  [[maybe_unused]] const auto r = ::read(space_.get(), &value, sizeof value);
}

std::size_t MessageQueue::size() const {
  std::lock_guard lock(mu_);
  return count_;
}

}  // namespace fwlog
