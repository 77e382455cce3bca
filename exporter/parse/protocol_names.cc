#include "parse/protocol_names.h"

#include <algorithm>
#include <array>
#include <cstddef>

namespace fwlog {
namespace {

// Decimal text of every protocol number, so that "006" and "6" are one value.
struct NumberTexts {
  std::array<std::array<char, 4>, 256> text{};
  std::array<unsigned char, 256> size{};
  constexpr NumberTexts() {
    for (unsigned n = 0; n < 256; ++n) {
      if (n >= 100) text[n][size[n]++] = static_cast<char>('0' + n / 100);
      if (n >= 10) text[n][size[n]++] = static_cast<char>('0' + n / 10 % 10);
      text[n][size[n]++] = static_cast<char>('0' + n % 10);
    }
  }
};
constexpr NumberTexts kNumberTexts;

std::string_view NumberName(unsigned n) {
  switch (n) {
    case 1:
      return "icmp";
    case 2:
      return "igmp";
    case 4:
      return "ipip";
    case 6:
      return "tcp";
    case 17:
      return "udp";
    case 33:
      return "dccp";
    case 41:
      return "ipv6";
    case 47:
      return "gre";
    case 50:
      return "esp";
    case 51:
      return "ah";
    case 58:
      return "icmpv6";
    case 89:
      return "ospf";
    case 103:
      return "pim";
    case 112:
      return "vrrp";
    case 132:
      return "sctp";
    case 136:
      return "udplite";
    default:
      return {kNumberTexts.text[n].data(), kNumberTexts.size[n]};
  }
}

// A name as written (lower case) and the text it becomes.
struct Spelling {
  std::string_view written, name;
};

// IANA "Assigned Internet Protocol Numbers" keywords (protocol-numbers
// registry), lower-cased, and the spellings listed in the header; sorted by
// `written` for the binary search below.
constexpr Spelling kSpellings[] = {
    {"3pc", "3pc"},
    {"a/n", "a/n"},
    {"aggfrag", "aggfrag"},
    {"ah", "ah"},
    {"argus", "argus"},
    {"aris", "aris"},
    {"ax.25", "ax.25"},
    {"bbn-rcc-mon", "bbn-rcc-mon"},
    {"bna", "bna"},
    {"br-sat-mon", "br-sat-mon"},
    {"carp", "carp"},
    {"cbt", "cbt"},
    {"cftp", "cftp"},
    {"chaos", "chaos"},
    {"compaq-peer", "compaq-peer"},
    {"cphb", "cphb"},
    {"cpnx", "cpnx"},
    {"crtp", "crtp"},
    {"crudp", "crudp"},
    {"dccp", "dccp"},
    {"dcn-meas", "dcn-meas"},
    {"ddp", "ddp"},
    {"ddx", "ddx"},
    {"dgp", "dgp"},
    {"dsr", "dsr"},
    {"egp", "egp"},
    {"eigrp", "eigrp"},
    {"emcon", "emcon"},
    {"encap", "encap"},
    {"esp", "esp"},
    {"etherip", "etherip"},
    {"ethernet", "ethernet"},
    {"fc", "fc"},
    {"fire", "fire"},
    {"ggp", "ggp"},
    {"gmtp", "gmtp"},
    {"gre", "gre"},
    {"hip", "hip"},
    {"hmp", "hmp"},
    {"hopopt", "hopopt"},
    {"i-nlsp", "i-nlsp"},
    {"iatp", "iatp"},
    {"icmp", "icmp"},
    {"icmp6", "icmpv6"},
    {"icmpv6", "icmpv6"},
    {"idpr", "idpr"},
    {"idpr-cmtp", "idpr-cmtp"},
    {"idrp", "idrp"},
    {"ifmp", "ifmp"},
    {"igmp", "igmp"},
    {"igp", "igp"},
    {"il", "il"},
    {"ip", "ip"},
    {"ipcomp", "ipcomp"},
    {"ipcv", "ipcv"},
    {"ipencap", "ipencap"},
    {"ipip", "ipip"},
    {"iplt", "iplt"},
    {"ippc", "ippc"},
    {"iptm", "iptm"},
    {"ipv4", "ipv4"},
    {"ipv6", "ipv6"},
    {"ipv6-frag", "ipv6-frag"},
    {"ipv6-icmp", "icmpv6"},
    {"ipv6-nonxt", "ipv6-nonxt"},
    {"ipv6-opts", "ipv6-opts"},
    {"ipv6-route", "ipv6-route"},
    {"ipx-in-ip", "ipx-in-ip"},
    {"irtp", "irtp"},
    {"isis", "isis"},
    {"iso-ip", "iso-ip"},
    {"iso-tp4", "iso-tp4"},
    {"kryptolan", "kryptolan"},
    {"l2tp", "l2tp"},
    {"larp", "larp"},
    {"leaf-1", "leaf-1"},
    {"leaf-2", "leaf-2"},
    {"manet", "manet"},
    {"merit-inp", "merit-inp"},
    {"mfe-nsp", "mfe-nsp"},
    {"micp", "micp"},
    {"min-ipv4", "min-ipv4"},
    {"mobility-header", "mobility-header"},
    {"mpls-in-ip", "mpls-in-ip"},
    {"mtp", "mtp"},
    {"mux", "mux"},
    {"narp", "narp"},
    {"netblt", "netblt"},
    {"nsfnet-igp", "nsfnet-igp"},
    {"nsh", "nsh"},
    {"nvp-ii", "nvp-ii"},
    {"ospf", "ospf"},
    {"ospfigp", "ospfigp"},
    {"pfsync", "pfsync"},
    {"pgm", "pgm"},
    {"pim", "pim"},
    {"pipe", "pipe"},
    {"pnni", "pnni"},
    {"prm", "prm"},
    {"ptp", "ptp"},
    {"pup", "pup"},
    {"pvp", "pvp"},
    {"qnx", "qnx"},
    {"rdp", "rdp"},
    {"rohc", "rohc"},
    {"rsvp", "rsvp"},
    {"rsvp-e2e-ignore", "rsvp-e2e-ignore"},
    {"rvd", "rvd"},
    {"sat-expak", "sat-expak"},
    {"sat-mon", "sat-mon"},
    {"scc-sp", "scc-sp"},
    {"scps", "scps"},
    {"sctp", "sctp"},
    {"sdrp", "sdrp"},
    {"secure-vmtp", "secure-vmtp"},
    {"shim6", "shim6"},
    {"skip", "skip"},
    {"sm", "sm"},
    {"smp", "smp"},
    {"snp", "snp"},
    {"sprite-rpc", "sprite-rpc"},
    {"sps", "sps"},
    {"srp", "srp"},
    {"sscopmce", "sscopmce"},
    {"st", "st"},
    {"stp", "stp"},
    {"sun-nd", "sun-nd"},
    {"swipe", "swipe"},
    {"tcf", "tcf"},
    {"tcp", "tcp"},
    {"tlsp", "tlsp"},
    {"tp++", "tp++"},
    {"trunk-1", "trunk-1"},
    {"trunk-2", "trunk-2"},
    {"ttp", "ttp"},
    {"udp", "udp"},
    {"udplite", "udplite"},
    {"uti", "uti"},
    {"vines", "vines"},
    {"visa", "visa"},
    {"vmtp", "vmtp"},
    {"vrrp", "vrrp"},
    {"wb-expak", "wb-expak"},
    {"wb-mon", "wb-mon"},
    {"wesp", "wesp"},
    {"wsn", "wsn"},
    {"xnet", "xnet"},
    {"xns-idp", "xns-idp"},
    {"xtp", "xtp"},
};

constexpr bool Sorted() {
  for (std::size_t i = 1; i < std::size(kSpellings); ++i)
    if (!(kSpellings[i - 1].written < kSpellings[i].written)) return false;
  return true;
}
static_assert(Sorted(), "kSpellings must be sorted by `written` for the binary search");

constexpr std::size_t kLongestSpelling = 15;  // "mobility-header", "rsvp-e2e-ignore"

}  // namespace

std::optional<std::string_view> ProtocolName(std::string_view text) {
  if (text.empty()) return std::nullopt;
  const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  if (std::all_of(text.begin(), text.end(), is_digit)) {
    if (text.size() > 3 + 2) return std::nullopt;  // room for two leading zeros
    unsigned n = 0;
    for (const char c : text) n = n * 10 + static_cast<unsigned>(c - '0');
    if (n > 255) return std::nullopt;
    return NumberName(n);
  }
  if (text.size() > kLongestSpelling) return std::nullopt;
  std::array<char, kLongestSpelling> lower{};
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    lower[i] = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  }
  const std::string_view key(lower.data(), text.size());
  const auto* end = std::end(kSpellings);
  const auto* it = std::lower_bound(std::begin(kSpellings), end, key,
                                    [](const Spelling& s, std::string_view k) { return s.written < k; });
  if (it == end || it->written != key) return std::nullopt;
  return it->name;
}

}  // namespace fwlog
