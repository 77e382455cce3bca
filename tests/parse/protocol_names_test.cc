#include "parse/protocol_names.h"

#include <gtest/gtest.h>

#include <optional>
#include <string_view>

namespace fwlog {
namespace {

struct Case {
  std::string_view text;
  std::optional<std::string_view> name;  // nullopt: not a protocol
};

TEST(ProtocolNameTest, KnownNamesAndNumbersAreNamedAndTheRestIsNot) {
  const Case cases[] = {
      {"TCP", "tcp"},
      {"tcp", "tcp"},
      {"Udp", "udp"},
      {"ICMPv6", "icmpv6"},
      {"ipv6-icmp", "icmpv6"},
      {"IPV6-ICMP", "icmpv6"},
      {"icmp6", "icmpv6"},
      {"OSPFIGP", "ospfigp"},
      {"ospf", "ospf"},
      {"carp", "carp"},
      {"pfsync", "pfsync"},
      {"IP", "ip"},
      {"SCTP", "sctp"},
      {"UDPLite", "udplite"},
      {"mobility-header", "mobility-header"},
      {"rsvp-e2e-ignore", "rsvp-e2e-ignore"},
      {"ax.25", "ax.25"},
      {"tp++", "tp++"},
      {"3pc", "3pc"},
      {"xtp", "xtp"},
      {"0", "0"},
      {"6", "tcp"},
      {"006", "tcp"},
      {"17", "udp"},
      {"47", "gre"},
      {"58", "icmpv6"},
      {"4", "ipip"},
      {"253", "253"},
      {"0253", "253"},
      {"255", "255"},
      {"112", "vrrp"},
      {"", std::nullopt},
      {"TC", std::nullopt},
      {"tc", std::nullopt},
      {"TCPX", std::nullopt},
      {"256", std::nullopt},
      {"1000", std::nullopt},
      {"00000", "0"},
      {"000006", std::nullopt},
      {"6a", std::nullopt},
      {"-1", std::nullopt},
      {"ud", std::nullopt},
      {"rsvp-e2e-ignorex", std::nullopt},
      {"t\\cp", std::nullopt},
      {"\"", std::nullopt},
      {"`", std::nullopt},
  };
  for (const Case& c : cases) EXPECT_EQ(ProtocolName(c.text), c.name) << "text: " << c.text;
}

TEST(ProtocolNameTest, EveryNumberUpTo255IsAProtocolAndNamesAreStaticText) {
  for (int n = 0; n <= 255; ++n) {
    const std::string text = std::to_string(n);
    const auto name = ProtocolName(text);
    ASSERT_TRUE(name.has_value()) << n;
    // The answer does not point into the caller's text.
    EXPECT_FALSE(name->data() >= text.data() && name->data() < text.data() + text.size()) << n;
  }
}

}  // namespace
}  // namespace fwlog
