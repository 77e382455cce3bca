// IpAddress::Parse reads dotted quads itself (it runs twice per line); this
// holds it to glibc's inet_pton(AF_INET), which it replaced, on structured
// and random inputs.
#include <arpa/inet.h>

#include <cstring>
#include <random>
#include <string>

#include "core/ip_address.h"
#include "gtest/gtest.h"

namespace fwlog {
namespace {

void ExpectSameAsInetPton(const std::string& text) {
  in_addr v4{};
  const bool libc = inet_pton(AF_INET, text.c_str(), &v4) == 1;
  const auto ours = IpAddress::Parse(text);
  const bool ours_v4 = ours.has_value() && ours->is_v4();
  ASSERT_EQ(ours_v4, libc) << '"' << text << '"';
  if (libc) {
    std::uint32_t host;
    std::memcpy(&host, &v4, 4);
    ASSERT_EQ(ours->v4(), ntohl(host)) << text;
  }
}

TEST(IpParseTest, DottedQuadsLikeInetPton) {
  for (const char* text :
       {"0.0.0.0",  "1.2.3.4", "255.255.255.255", "256.1.1.1", "1.2.3.256", "01.2.3.4", "1.02.3.4", "1.2.3.04",
        "1.2.3.0",  "1.2.3",   "1.2.3.4.",        ".1.2.3.4",  "1..2.3",    "1.2.3.4 ", " 1.2.3.4", "1.2.3.-4",
        "1.2.3.4a", "X.X.X.X", "66.77.88.257",    "999.1.1.1", "1.2.3.4.5", "00.0.0.0", "0.0.0.00", "",
        ".",        "1",       "1e1.2.3.4"}) {
    ExpectSameAsInetPton(text);
    if (HasFatalFailure()) return;
  }
}

TEST(IpParseTest, RandomStringsLikeInetPton) {
  std::mt19937 rng(4);
  const std::string alphabet = "0123456789.......25x ";
  for (int i = 0; i < 300000; ++i) {
    std::string text;
    const int length = 1 + static_cast<int>(rng() % 17);
    for (int k = 0; k < length; ++k) text.push_back(alphabet[rng() % alphabet.size()]);
    ExpectSameAsInetPton(text);
    if (HasFatalFailure()) return;
  }
  for (int i = 0; i < 300000; ++i) {  // well-formed-looking quads with random parts
    std::string text;
    for (int k = 0; k < 4; ++k) {
      if (k) text.push_back('.');
      const unsigned form = rng() % 10;
      if (form == 0) text += '0';  // a leading zero; appended, not "0" + ... (GCC 12 -Wrestrict, bug 105329)
      text += std::to_string(form == 0 ? rng() % 100 : rng() % (form == 1 ? 1000 : 256));
    }
    ExpectSameAsInetPton(text);
    if (HasFatalFailure()) return;
  }
}

}  // namespace
}  // namespace fwlog
