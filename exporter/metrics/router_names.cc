#include "metrics/router_names.h"

#include <algorithm>

#include "metrics/label_value.h"

namespace fwlog {

RouterNames::RouterNames(const std::vector<InputSpec>& inputs, std::size_t max_routers) : max_routers_(max_routers) {
  other_ = Intern(std::string(kOtherRouter));
  unknown_ = Intern(std::string(kUnknownRouter));
  for (const auto& spec : inputs) {
    Input& in = inputs_.emplace_back();
    if (!spec.router_from_host) {
      in.fixed = Intern(SanitizeLabelValue(spec.router.empty() ? spec.name : spec.router));
    } else {
      in.last_host.reserve(256);
    }
  }
}

std::vector<std::string> RouterNames::Named() const {
  std::vector<std::string> out;
  for (const auto& in : inputs_) {
    if (in.fixed != nullptr && std::find(out.begin(), out.end(), *in.fixed) == out.end()) out.push_back(*in.fixed);
  }
  return out;
}

RouterNames::HostRouter RouterNames::FromHost(std::string_view host) {
  if (host.empty()) return {unknown_, false};
  // absl::string_view: Debian builds abseil with its own string_view type.
  const absl::string_view key(host.data(), host.size());
  if (const auto it = by_host_.find(key); it != by_host_.end()) return it->second;
  const std::string name = SanitizeLabelValue(host);
  HostRouter found;
  if (const auto it = by_name_.find(name); it != by_name_.end()) {
    found.router = it->second;
  } else if (hosts_ < max_routers_) {
    found.router = Intern(name);
    ++hosts_;
  } else {
    found = {other_, true};
  }
  // Bounded: the hosts beyond are looked up by name each time (hosts that
  // differ only past a label's length share a name, so there can be more
  // hosts than routers).
  if (by_host_.size() < 4 * max_routers_ + 64) by_host_.emplace(key, found);
  return found;
}

const std::string* RouterNames::Intern(const std::string& name) {
  if (const auto it = by_name_.find(name); it != by_name_.end()) return it->second;
  const std::string* copy = &names_.emplace_back(name);
  by_name_.emplace(name, copy);
  return copy;
}

}  // namespace fwlog
