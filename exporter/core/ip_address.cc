#include "core/ip_address.h"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>

namespace fwlog {
namespace {

constexpr std::size_t kMaxText = INET6_ADDRSTRLEN + 1;

bool InV4Block(std::uint32_t a, std::uint32_t net, int bits) {
  const std::uint32_t mask = bits == 0 ? 0 : ~std::uint32_t{0} << (32 - bits);
  return (a & mask) == net;
}

}  // namespace

namespace {

// Dotted quad by hand, with inet_pton's rules (four parts of 1-3 digits, each
// at most 255, no leading zero): it runs twice per log line, and inet_pton
// costs several times as much (copy, strlen, generic loop).
std::optional<std::uint32_t> ParseDottedQuad(std::string_view text) {
  const char* p = text.data();
  const char* const end = p + text.size();
  auto digit = [&](unsigned& d) {
    if (p == end) return false;
    d = static_cast<unsigned>(static_cast<unsigned char>(*p)) - '0';
    return d <= 9;
  };
  std::uint32_t address = 0;
  for (int part = 0; part < 4; ++part) {
    if (part > 0) {
      if (p == end || *p != '.') return std::nullopt;
      ++p;
    }
    unsigned value, d;
    if (!digit(value)) return std::nullopt;
    ++p;
    if (digit(d)) {
      if (value == 0) return std::nullopt;  // no leading zero
      value = value * 10 + d;
      ++p;
      if (digit(d)) {
        value = value * 10 + d;
        ++p;
        if (value > 255) return std::nullopt;
      }
    }
    address = (address << 8) | value;
  }
  if (p != end) return std::nullopt;
  return address;
}

}  // namespace

std::optional<IpAddress> IpAddress::Parse(std::string_view text) {
  if (text.empty() || text.size() >= kMaxText) return std::nullopt;
  if (const auto v4 = ParseDottedQuad(text)) return FromV4(*v4);
  if (text.find(':') == std::string_view::npos) return std::nullopt;
  char buf[kMaxText];
  std::memcpy(buf, text.data(), text.size());
  buf[text.size()] = '\0';
  Bytes b{};
  in6_addr v6{};
  if (inet_pton(AF_INET6, buf, &v6) != 1) return std::nullopt;
  std::memcpy(b.data(), &v6, 16);
  return IpAddress(b);
}

IpAddress IpAddress::FromV4(std::uint32_t host_order) {
  Bytes b{};
  b[10] = 0xff;
  b[11] = 0xff;
  b[12] = static_cast<std::uint8_t>(host_order >> 24);
  b[13] = static_cast<std::uint8_t>(host_order >> 16);
  b[14] = static_cast<std::uint8_t>(host_order >> 8);
  b[15] = static_cast<std::uint8_t>(host_order);
  return IpAddress(b);
}

bool IpAddress::IsGlobal() const {
  if (is_v4()) {
    // IANA IPv4 Special-Purpose Address Registry, blocks not globally reachable.
    struct Block {
      std::uint32_t net;
      int bits;
    };
    static constexpr Block kBlocks[] = {
        {0x00000000, 8},   // 0.0.0.0/8 "this network"
        {0x0A000000, 8},   // 10.0.0.0/8 private
        {0x64400000, 10},  // 100.64.0.0/10 shared address space (CGNAT)
        {0x7F000000, 8},   // 127.0.0.0/8 loopback
        {0xA9FE0000, 16},  // 169.254.0.0/16 link local
        {0xAC100000, 12},  // 172.16.0.0/12 private
        {0xC0000000, 24},  // 192.0.0.0/24 IETF protocol assignments
        {0xC0000200, 24},  // 192.0.2.0/24 TEST-NET-1
        {0xC0A80000, 16},  // 192.168.0.0/16 private
        {0xC6120000, 15},  // 198.18.0.0/15 benchmarking
        {0xC6336400, 24},  // 198.51.100.0/24 TEST-NET-2
        {0xCB007100, 24},  // 203.0.113.0/24 TEST-NET-3
        {0xE0000000, 4},   // 224.0.0.0/4 multicast
        {0xF0000000, 4},   // 240.0.0.0/4 reserved, and the broadcast address
    };
    const std::uint32_t a = v4();
    for (const auto& blk : kBlocks)
      if (InV4Block(a, blk.net, blk.bits)) return false;
    return true;
  }
  const auto& b = bytes_;
  bool all_zero_but_last = true;
  for (int i = 0; i < 15; ++i)
    if (b[i] != 0) all_zero_but_last = false;
  if (all_zero_but_last && (b[15] == 0 || b[15] == 1)) return false;               // :: and ::1
  if (b[0] == 0xff) return false;                                                  // ff00::/8 multicast
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return false;                         // fe80::/10 link local
  if ((b[0] & 0xfe) == 0xfc) return false;                                         // fc00::/7 unique local
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) return false;  // 2001:db8::/32
  if (b[0] == 0x01 && b[1] == 0x00 && b[2] == 0 && b[3] == 0 && b[4] == 0 && b[5] == 0 && b[6] == 0 && b[7] == 0)
    return false;  // 100::/64 discard-only
  if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b[4] == 0 && b[5] == 0x01)
    return false;  // 64:ff9b:1::/48 local-use translation
  return true;
}

std::string IpAddress::ToString() const {
  char buf[INET6_ADDRSTRLEN];
  if (is_v4()) {
    inet_ntop(AF_INET, bytes_.data() + 12, buf, sizeof buf);
  } else {
    inet_ntop(AF_INET6, bytes_.data(), buf, sizeof buf);
  }
  return buf;
}

IpAddress IpAddress::Masked(int bits) const {
  Bytes b = bytes_;
  for (int i = 0; i < 16; ++i) {
    const int keep = bits - i * 8;
    if (keep >= 8) continue;
    b[i] = keep <= 0 ? 0 : static_cast<std::uint8_t>(b[i] & (0xff << (8 - keep)));
  }
  return IpAddress(b);
}

std::optional<Cidr> Cidr::Parse(std::string_view text) {
  const auto slash = text.find('/');
  const auto address = IpAddress::Parse(text.substr(0, slash));
  if (!address) return std::nullopt;
  const int max_bits = address->is_v4() ? 32 : 128;
  int bits = max_bits;
  if (slash != std::string_view::npos) {
    const auto digits = text.substr(slash + 1);
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), bits);
    if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty() || bits < 0 || bits > max_bits)
      return std::nullopt;
  }
  const int prefix128 = address->is_v4() ? bits + 96 : bits;
  Cidr cidr{address->Masked(prefix128), prefix128};
  if (!(cidr.network == *address)) return std::nullopt;
  return cidr;
}

std::string Cidr::ToString() const {
  const int bits = network.is_v4() ? prefix128 - 96 : prefix128;
  return network.ToString() + "/" + std::to_string(bits);
}

}  // namespace fwlog
