// DescriptorBudget: how many files the file inputs may hold open together, so
// that following a large glob never takes the descriptors the exporter needs
// for everything else (scrapes, state file writes, reloads, syslog
// connections). A followed file beyond it is not opened: the input counts a
// too_many_open_files error for it and tries again at its next look.
//
// The runner makes one from RLIMIT_NOFILE less a reserve and shares it among
// its file inputs; each open stream holds a Slot. Not thread-safe: the
// runner's thread uses it.
#pragma once

#include <cstddef>
#include <utility>

namespace fwlog {

class DescriptorBudget {
 public:
  // One held descriptor's share, given back when destroyed. A default Slot
  // holds none (a stream outside any budget, as in tests).
  class Slot {
   public:
    Slot() = default;
    Slot(Slot&& other) noexcept : owner_(std::exchange(other.owner_, nullptr)) {}
    Slot& operator=(Slot&& other) noexcept {
      if (this != &other) {
        Release();
        owner_ = std::exchange(other.owner_, nullptr);
      }
      return *this;
    }
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    ~Slot() { Release(); }

   private:
    friend class DescriptorBudget;
    explicit Slot(DescriptorBudget* owner) : owner_(owner) {}
    void Release() {
      if (owner_ != nullptr) --owner_->used_;
      owner_ = nullptr;
    }
    DescriptorBudget* owner_ = nullptr;
  };

  // `limit`: files open at once; `rlimit`: RLIMIT_NOFILE it came from (for
  // messages).
  DescriptorBudget(std::size_t limit, std::size_t rlimit) : limit_(limit), rlimit_(rlimit) {}
  DescriptorBudget(const DescriptorBudget&) = delete;
  DescriptorBudget& operator=(const DescriptorBudget&) = delete;

  // A slot, or false when `limit` are held. `force`: a slot even past the
  // limit, for a file whose unread lines exist nowhere else (resumed from
  // the state file, the copy of a truncated file).
  bool Take(Slot& slot, bool force = false) {
    if (!force && used_ >= limit_) return false;
    slot = Slot(this);
    ++used_;
    return true;
  }
  std::size_t limit() const { return limit_; }
  std::size_t rlimit() const { return rlimit_; }
  std::size_t used() const { return used_; }

 private:
  std::size_t limit_;
  std::size_t rlimit_;
  std::size_t used_ = 0;
};

}  // namespace fwlog
