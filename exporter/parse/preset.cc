#include "parse/preset.h"

#include "parse/netfilter.h"

namespace fwlog {
namespace {

class NetfilterPreset final : public Preset {
 public:
  std::string_view name() const override { return "netfilter"; }
  ParseResult Parse(const Envelope& envelope, Event& event) const override {
    return parser_.Parse(envelope, event);
  }

 private:
  NetfilterParser parser_;
};

}  // namespace

const std::vector<const Preset*>& AllPresets() {
  static const NetfilterPreset netfilter;
  static const std::vector<const Preset*> all = {&netfilter};
  return all;
}

const Preset* PresetByName(std::string_view name) {
  for (const Preset* p : AllPresets())
    if (p->name() == name) return p;
  return nullptr;
}

}  // namespace fwlog
