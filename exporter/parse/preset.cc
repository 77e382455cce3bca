#include "parse/preset.h"

#include "parse/checkpoint.h"
#include "parse/cisco_asa.h"
#include "parse/fortigate.h"
#include "parse/juniper_srx.h"
#include "parse/mikrotik.h"
#include "parse/netfilter.h"
#include "parse/panos.h"
#include "parse/pf.h"
#include "parse/sonicwall.h"
#include "parse/sophos.h"
#include "parse/windows_firewall.h"
#include "parse/zyxel.h"

namespace fwlog {
namespace {

template <typename Impl>
class PresetOf final : public Preset {
 public:
  explicit PresetOf(std::string_view name) : name_(name) {}
  std::string_view name() const override { return name_; }
  ParseResult Parse(const Envelope& envelope, ParseState& state, Event& event) const override {
    return impl_.Parse(envelope, state, event);
  }

 private:
  std::string_view name_;
  Impl impl_;
};

}  // namespace

const std::vector<const Preset*>& AllPresets() {
  static const PresetOf<NetfilterParser> netfilter("netfilter");
  static const PresetOf<PfParser> pf("pf");
  static const PresetOf<MikrotikParser> mikrotik("mikrotik");
  static const PresetOf<CiscoAsaParser> cisco_asa("cisco-asa");
  static const PresetOf<JuniperSrxParser> juniper_srx("juniper-srx");
  static const PresetOf<CheckpointParser> checkpoint("checkpoint");
  static const PresetOf<FortigateParser> fortigate("fortigate");
  static const PresetOf<SonicwallParser> sonicwall("sonicwall");
  static const PresetOf<SophosParser> sophos("sophos");
  static const PresetOf<PanosParser> panos("panos");
  static const PresetOf<ZyxelParser> zyxel("zyxel");
  static const PresetOf<WindowsFirewallParser> windows_firewall("windows-firewall");
  static const std::vector<const Preset*> all = {&netfilter,   &pf,         &mikrotik,  &cisco_asa,
                                                 &juniper_srx, &checkpoint, &fortigate, &sonicwall,
                                                 &sophos,      &panos,      &zyxel,     &windows_firewall};
  return all;
}

const Preset* PresetByName(std::string_view name) {
  for (const Preset* p : AllPresets())
    if (p->name() == name) return p;
  return nullptr;
}

}  // namespace fwlog
