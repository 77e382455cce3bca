// MessageQueue: the bounded hand-over from a syslog listener thread to the
// Run() thread.
//
// Messages are copied into one ring of bytes allocated once, so memory is
// bounded by `capacity_bytes` whatever arrives, and nothing is allocated per
// message. It also holds at most `max_messages`. Push() fails when either
// limit would be passed: the caller drops the message and counts it
// ("queue_full"). When the queue empties, writing starts again at the front
// of the ring, so at low rates only its first pages are ever touched.
//
// The consumer reads messages in place: Drain() hands each one to a callback
// without holding the lock, then frees its space. One producer thread and one
// consumer thread; Push/Drain are safe to call concurrently. wake_fd() (an
// eventfd) becomes readable when a Push makes the queue non-empty.
// space_fd() (another) becomes readable when a Drain frees room after a Push
// failed, so a producer that can wait (TCP: it stops reading its sockets)
// knows when to try again; the producer clears it with ClearSpace() before
// retrying.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string_view>

#include "input/unique_fd.h"

namespace fwlog {

struct QueuedMessage {
  std::string_view text;
  std::int64_t receive_time = 0;
  bool cut = false;
};

class MessageQueue {
 public:
  MessageQueue(std::size_t max_messages, std::size_t capacity_bytes);
  MessageQueue(const MessageQueue&) = delete;
  MessageQueue& operator=(const MessageQueue&) = delete;

  // Copies `text` in. False (and nothing stored) when the queue is full.
  bool Push(std::string_view text, std::int64_t receive_time, bool cut);

  // Hands up to `max` messages, oldest first, to `f(const QueuedMessage&)`.
  // Returns how many. Clears the wake-up descriptor first.
  template <typename F>
  std::size_t Drain(std::size_t max, F&& f) {
    ClearWake();
    std::size_t n = 0;
    QueuedMessage m;
    while (n < max && Front(m)) {
      f(m);
      PopFront();
      ++n;
    }
    if (n > 0) NotifySpace();
    return n;
  }

  std::size_t size() const;
  int wake_fd() const { return wake_.get(); }
  int space_fd() const { return space_.get(); }
  void ClearSpace();

 private:
  bool Front(QueuedMessage& m) const;
  void PopFront();
  void ClearWake();
  // Signals space_fd() when a Push has failed since the last signal.
  void NotifySpace();

  const std::size_t max_messages_;
  const std::size_t capacity_;
  std::unique_ptr<char[]> ring_;
  mutable std::mutex mu_;
  std::size_t head_ = 0;  // first byte of the oldest record
  std::size_t tail_ = 0;  // where the next record goes
  std::size_t wrap_ = 0;  // end of the records before the ring wrapped (0: not wrapped)
  std::size_t count_ = 0;
  bool push_failed_ = false;  // a Push found no room since space_ was last signalled
  UniqueFd wake_;
  UniqueFd space_;
};

}  // namespace fwlog
