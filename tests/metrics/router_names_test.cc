#include "metrics/router_names.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace fwlog {
namespace {

InputSpec Input(std::string name, std::string router = "", bool from_host = false) {
  InputSpec in;
  in.name = std::move(name);
  in.router = std::move(router);
  in.router_from_host = from_host;
  return in;
}

// The router of a line with `host` from input `input`.
std::string RouterOf(RouterNames& names, int input, std::string_view host) {
  Event e;
  e.host = host;
  names.Assign(input, e);
  return std::string(e.router);
}

TEST(RouterNamesTest, AFixedInputIsItsRouterOrItsName) {
  RouterNames names({Input("home"), Input("office", "gw-office"), Input("lab", "gw-office")}, 10);
  EXPECT_EQ(RouterOf(names, 0, "router.asus.com"), "home");
  EXPECT_EQ(RouterOf(names, 1, "anything"), "gw-office");
  EXPECT_EQ(RouterOf(names, 2, ""), "gw-office");
  EXPECT_EQ(names.Named(), (std::vector<std::string>{"home", "gw-office"}));
  EXPECT_EQ(names.hosts(), 0u);
}

TEST(RouterNamesTest, HostsAreRoutersUpToMaxRoutersThenOther) {
  RouterNames names({Input("lan", "", true), Input("dmz", "", true)}, 2);
  EXPECT_EQ(RouterOf(names, 0, "gw-a"), "gw-a");
  EXPECT_EQ(RouterOf(names, 1, "gw-b"), "gw-b");
  EXPECT_EQ(RouterOf(names, 0, "gw-c"), "other");  // the two inputs share the bound
  EXPECT_EQ(RouterOf(names, 0, "gw-c"), "other");
  EXPECT_EQ(RouterOf(names, 1, "gw-d"), "other");
  EXPECT_EQ(names.overflowed(), 3u);
  // Hosts named before the bound keep their names, repeated or not.
  EXPECT_EQ(RouterOf(names, 0, "gw-b"), "gw-b");
  EXPECT_EQ(RouterOf(names, 0, "gw-a"), "gw-a");
  EXPECT_EQ(RouterOf(names, 1, ""), "unknown");
  EXPECT_EQ(names.overflowed(), 3u);
  EXPECT_EQ(names.hosts(), 2u);
  EXPECT_TRUE(names.Named().empty());
}

TEST(RouterNamesTest, AHostNamedLikeAFixedRouterOrAReservedNameIsThatRouter) {
  RouterNames names({Input("home"), Input("lan", "", true)}, 1);
  EXPECT_EQ(RouterOf(names, 1, "home"), "home");
  EXPECT_EQ(RouterOf(names, 1, "other"), "other");
  EXPECT_EQ(RouterOf(names, 1, "unknown"), "unknown");
  EXPECT_EQ(names.hosts(), 0u);  // none of them took the one place
  EXPECT_EQ(names.overflowed(), 0u);
  EXPECT_EQ(RouterOf(names, 1, "gw-a"), "gw-a");
}

// Counting keys on the identity: the same name has the same identity, from
// whichever input, and names are label-safe.
TEST(RouterNamesTest, OneNameOneIdentityAndSafeText) {
  RouterNames names({Input("gw-a"), Input("lan", "", true)}, 4);
  Event a, b;
  a.host = "x";
  names.Assign(0, a);
  b.host = "gw-a";
  names.Assign(1, b);
  EXPECT_EQ(a.router_identity, b.router_identity);
  EXPECT_EQ(a.router_identity, a.router.data());
  EXPECT_EQ(RouterOf(names, 1, "bad\xff"), "bad\xEF\xBF\xBD");
  EXPECT_EQ(RouterOf(names, 1, std::string(300, 'h')), std::string(128, 'h'));
}

}  // namespace
}  // namespace fwlog
