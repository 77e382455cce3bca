// RouterNames: the `router` field of every event (docs/contract.md, "Event
// fields"): an input's `router:` name (its own name when it has none), or,
// for an input with `router: from_host`, the line's host (the syslog
// header's, else the syslog transport's: Event::host).
//
// Hosts are named in the order they first come, at most max_routers of them
// (all from_host inputs together); a later host is router "other" (each such
// event counted in overflowed()) and a line without a host router "unknown". A host named "other" or "unknown" shares
// that router, and one named like an input's router is that router. Names
// are label-safe (SanitizeLabelValue): two hosts with the same safe name
// are one router.
//
// Assign() sets event.router and event.router_identity (the table's one copy
// of the name, at a fixed address for the table's life, so that counting
// can key on it). An input's host repeated from its line before costs one
// compare, a known host one hash lookup; only a new host allocates.
//
// One thread: the pipeline's.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "config/config.h"
#include "core/event.h"

namespace fwlog {

class RouterNames {
 public:
  RouterNames(const std::vector<InputSpec>& inputs, std::size_t max_routers);
  RouterNames(const RouterNames&) = delete;
  RouterNames& operator=(const RouterNames&) = delete;

  // `input`: the index of the configured input the event's line came from.
  void Assign(int input, Event& event) {
    Input& in = inputs_[static_cast<std::size_t>(input)];
    const std::string* name = in.fixed;
    if (name == nullptr) {
      if (in.last.router == nullptr || event.host != in.last_host) {
        in.last = FromHost(event.host);
        in.last_host.assign(event.host);
      }
      name = in.last.router;
      overflowed_ += in.last.overflow ? 1 : 0;
    }
    event.router = *name;
    event.router_identity = name->data();
  }

  // The routers known before any event: the inputs' fixed names, once each.
  std::vector<std::string> Named() const;
  // Hosts named so far (at most max_routers).
  std::size_t hosts() const { return hosts_; }
  // Events that went to router "other" because max_routers hosts were named.
  std::uint64_t overflowed() const { return overflowed_; }

 private:
  // A host's router; `overflow`: "other" because the table was full.
  struct HostRouter {
    const std::string* router = nullptr;
    bool overflow = false;
  };
  struct Input {
    const std::string* fixed = nullptr;  // null: from the host
    std::string last_host;               // the host of the input's last line, and its router
    HostRouter last;
  };
  HostRouter FromHost(std::string_view host);
  // The table's copy of `name`, made when new.
  const std::string* Intern(const std::string& name);

  std::size_t max_routers_;
  std::size_t hosts_ = 0;
  std::uint64_t overflowed_ = 0;
  std::deque<std::string> names_;  // a deque: its elements never move
  absl::flat_hash_map<std::string, const std::string*> by_name_;
  absl::flat_hash_map<std::string, HostRouter> by_host_;  // the hosts as they came
  std::vector<Input> inputs_;
  const std::string* other_;
  const std::string* unknown_;
};

}  // namespace fwlog
